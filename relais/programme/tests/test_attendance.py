from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from relais.mediation.models import Activity
from relais.mediation.tests.factories import BeneficiaryFactory
from relais.programme import indicators, services
from relais.programme.models import MessageLog, Registration, SurveyAnswer
from relais.programme.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
State = Registration.State


def test_close_attendance_creates_collective_activity(
    session, mediator, place, django_capture_on_commit_callbacks
):
    beneficiary = BeneficiaryFactory(place=place)
    followed = RegistrationFactory(session=session, beneficiary=beneficiary)
    anonymous = RegistrationFactory.create_batch(2, session=session)
    absent = RegistrationFactory(session=session)

    with time_machine.travel(session.end_at + timedelta(minutes=10)):
        for registration in [followed, *anonymous]:
            services.attendance_mark(registration=registration, attended=True, actor=mediator)
        with django_capture_on_commit_callbacks(execute=True):
            services.attendance_close(session=session, actor=mediator)

    activity = Activity.objects.get()
    assert activity.kind == "collective"
    assert activity.workshop_title == session.event.title
    assert list(activity.participants.all()) == [beneficiary]
    assert activity.anonymous_participants["total"] == 2
    assert activity.participant_count == 3
    absent.refresh_from_db()
    assert absent.state == State.NO_SHOW
    session.refresh_from_db()
    assert session.activity == activity
    assert MessageLog.objects.filter(kind=MessageLog.Kind.SURVEY).count() == 3


def test_close_attendance_twice_is_refused(session, mediator):
    RegistrationFactory(session=session, state=State.ATTENDED)
    with time_machine.travel(session.end_at):
        services.attendance_close(session=session, actor=mediator)
        with pytest.raises(ValidationError):
            services.attendance_close(session=session, actor=mediator)
    assert Activity.objects.count() == 1


def test_indicators_for_session(session):
    attended = RegistrationFactory.create_batch(3, session=session, state=State.ATTENDED)
    RegistrationFactory(session=session, state=State.NO_SHOW)
    RegistrationFactory(session=session, state=State.WAITLISTED)
    for registration, (mark, goal, nps) in zip(
        attended, [(10, "yes", 10), (8, "partly", 9), (6, "no", 3)], strict=True
    ):
        SurveyAnswer.objects.create(
            registration=registration,
            session=session,
            satisfaction=mark,
            goal_reached=goal,
            recommendation=nps,
        )

    figures = indicators.for_session(session)

    assert figures.fill_rate == 0.4
    assert figures.attendance_rate == 0.75
    assert figures.no_show_rate == 0.25
    assert figures.waitlist == 1
    assert figures.satisfaction == 8.0
    assert figures.goal_reached_rate == pytest.approx(1 / 3, abs=0.001)
    assert figures.recommendation_score == pytest.approx(33.3, abs=0.1)


def test_indicators_by_place_equal_each_place_alone_in_three_queries(
    session, other_place, django_assert_num_queries
):
    from relais.programme.tests.factories import SessionFactory

    RegistrationFactory.create_batch(2, session=session, state=State.ATTENDED)
    RegistrationFactory(session=session, state=State.NO_SHOW)
    elsewhere = SessionFactory(event__place=other_place, capacity=4)
    RegistrationFactory(session=elsewhere, state=State.ATTENDED)
    places = [session.place, other_place]
    expected = [(each, indicators.for_place(each)) for each in places]
    with django_assert_num_queries(3):
        result = indicators.by_place(places)
    assert result == expected
    assert result[0][1].attended == 2 and result[1][1].capacity == 4
