from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.core.models import Journal
from relais.programme import hooks, services
from relais.programme.models import MessageLog, Registration, RegistrationMode, Series, Session
from relais.programme.tests.factories import RegistrationFactory, SessionFactory

State = Registration.State
pytestmark = pytest.mark.django_db


def register(session, name="Alice Martin", email="", phone="0612345678", **extra):
    registration, _created = services.registration_create(
        session=session, name=name, email=email, phone=phone, consent=True, **extra
    )
    return registration


def test_event_create_copies_workshop_details(place, workshop, mediator):
    event = services.event_create(place=place, workshop=workshop, actor=mediator)

    assert event.title == workshop.title
    assert event.themes == workshop.themes
    assert Journal.objects.filter(action="event.create").count() == 1


def test_event_create_refuses_workshop_of_other_place(other_place, workshop, mediator):
    with pytest.raises(ValidationError):
        services.event_create(place=other_place, workshop=workshop, actor=mediator)


def test_session_create_weekly_series(event, mediator):
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )

    sessions = services.session_create(
        event=event,
        actor=mediator,
        start_at=start,
        end_at=start + timedelta(hours=2),
        capacity=8,
        frequency=Series.Frequency.WEEKLY,
        count=4,
    )

    assert len(sessions) == 4
    assert sessions[1].start_at - sessions[0].start_at == timedelta(days=7)
    assert {s.series_id for s in sessions} == {sessions[0].series_id}
    assert all(timezone.localtime(s.start_at).hour == 14 for s in sessions)


def test_session_create_monthly_by_weekday(event, mediator):
    start = timezone.make_aware(timezone.datetime(2030, 1, 8, 10, 0))  # second Tuesday
    sessions = services.session_create(
        event=event,
        actor=mediator,
        start_at=start,
        end_at=start + timedelta(hours=1),
        frequency=Series.Frequency.MONTHLY,
        count=3,
    )

    days = [timezone.localtime(s.start_at).date() for s in sessions]
    assert [d.weekday() for d in days] == [1, 1, 1]
    assert [d.day for d in days] == [8, 12, 12]


def test_session_create_refuses_end_before_start(event, mediator):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError):
        services.session_create(
            event=event, actor=mediator, start_at=start, end_at=start - timedelta(hours=1)
        )
    assert Session.objects.count() == 0


def test_session_update_this_and_following_moves_later_sessions_only(event, mediator):
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    sessions = services.session_create(
        event=event,
        actor=mediator,
        start_at=start,
        end_at=start + timedelta(hours=2),
        frequency="weekly",
        count=4,
    )

    services.session_update(
        session=sessions[2],
        actor=mediator,
        scope="following",
        start_at=sessions[2].start_at + timedelta(hours=1),
        end_at=sessions[2].end_at + timedelta(hours=1),
    )

    refreshed = [Session.objects.get(pk=s.pk) for s in sessions]
    assert [timezone.localtime(s.start_at).hour for s in refreshed] == [14, 14, 15, 15]
    assert refreshed[2].series_id != refreshed[0].series_id
    assert refreshed[2].sequence == 1 and refreshed[0].sequence == 0


def test_session_update_refuses_capacity_below_confirmed(session, mediator):
    RegistrationFactory.create_batch(3, session=session)

    with pytest.raises(ValidationError):
        services.session_update(session=session, actor=mediator, capacity=2)
    assert Session.objects.get(pk=session.pk).capacity == 10


def test_registration_full_session_goes_to_waitlist(place):
    session = SessionFactory(event__place=place, capacity=1)
    first = register(session, phone="0611111111")
    second = register(session, phone="0622222222")

    assert first.state == State.CONFIRMED
    assert second.state == State.WAITLISTED
    assert second.waitlist_position() == 1


def test_registration_same_contact_is_not_duplicated(session):
    first = register(session, email="alice@exemple.fr", phone="")
    again, created = services.registration_create(
        session=session, name="Alice", email="ALICE@exemple.fr", phone="", consent=True
    )

    assert created is False
    assert again.pk == first.pk
    assert Registration.objects.count() == 1


def test_registration_refuses_past_cancelled_and_bad_contact(place):
    past = SessionFactory(event__place=place, past=True)
    cancelled = SessionFactory(event__place=place, cancelled=True)
    open_session = SessionFactory(event__place=place)

    with pytest.raises(ValidationError):
        register(past)
    with pytest.raises(ValidationError):
        register(cancelled)
    with pytest.raises(ValidationError) as error:
        register(open_session, email="pas-un-email", phone="12")
    assert {"email", "phone"} <= set(error.value.message_dict)
    assert Registration.objects.count() == 0


def test_online_registration_with_email_waits_for_confirmation(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session, email="alice@exemple.fr", phone="")

    assert registration.state == State.PENDING_CONFIRMATION
    assert registration.get_confirm_url() in mailoutbox[0].body
    assert registration.get_cancel_url() in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.registration_confirm_email(registration=registration)
    assert confirmed.state == State.CONFIRMED
    assert len(mailoutbox) == 2


def test_cancel_promotes_first_waitlisted_and_tells_them(
    place, sms_outbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(event__place=place, capacity=1)
    first = register(session, phone="0611111111")
    second = register(session, phone="0622222222")
    third = register(session, phone="0633333333")

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == State.CONFIRMED
    assert third.state == State.WAITLISTED
    assert MessageLog.objects.filter(registration=second, kind=MessageLog.Kind.PROMOTED).exists()
    assert any(message.to == "+33622222222" for message in sms_outbox)


def test_approval_rechecks_capacity(place, mediator):
    session = SessionFactory(
        event__place=place, event__registration_mode=RegistrationMode.APPROVAL, capacity=1
    )
    first = register(session, phone="0611111111")
    second = register(session, phone="0622222222")
    assert first.state == second.state == State.PENDING_APPROVAL

    services.registration_approve(registration=first, actor=mediator)
    second = services.registration_approve(registration=second, actor=mediator)

    assert second.state == State.WAITLISTED


def test_session_cancel_notifies_and_cancels_registrations(
    session, mediator, sms_outbox, django_capture_on_commit_callbacks
):
    registration = register(session)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, actor=mediator, reason="Salle inondée")

    registration.refresh_from_db()
    assert registration.state == State.CANCELLED_BY_ORGANISER
    assert Session.objects.get(pk=session.pk).sequence == 1
    assert MessageLog.objects.filter(kind=MessageLog.Kind.CANCELLED_BY_ORGANISER).count() == 1


def test_attendance_mark_calls_listeners_after_commit(session, mediator, django_capture_on_commit_callbacks):
    registration = register(session)
    heard = []
    hooks.register_attendance_listener(heard.append)
    try:
        with time_machine.travel(session.start_at + timedelta(minutes=5)):
            with django_capture_on_commit_callbacks(execute=True):
                services.attendance_mark(registration=registration, attended=True, actor=mediator)
    finally:
        hooks.unregister_attendance_listener(heard.append)

    assert [r.pk for r in heard] == [registration.pk]
    assert heard[0].state == State.ATTENDED


def test_check_in_outcomes(session, mediator):
    registration = register(session)
    other = SessionFactory(event=session.event)

    with time_machine.travel(session.start_at - timedelta(minutes=30)):
        assert (
            services.attendance_check_in(registration=registration, session=other, actor=mediator)
            == "wrong_session"
        )
        assert services.attendance_check_in(registration=registration, actor=mediator) == "checked_in"
        assert services.attendance_check_in(registration=registration, actor=mediator) == "already_checked_in"


def test_survey_only_for_attendees(session, mediator):
    registration = register(session)
    with pytest.raises(ValidationError):
        services.survey_answer_submit(registration=registration, satisfaction=8, goal_reached="yes")


def test_desk_may_register_someone_without_contact_but_online_may_not(session, mediator):
    registration = register(session, phone="", actor=mediator, source=Registration.Source.DESK)
    second = register(
        session, name="Autre personne", phone="", actor=mediator, source=Registration.Source.DESK
    )

    assert registration.state == second.state == State.CONFIRMED
    assert registration.pk != second.pk
    with pytest.raises(ValidationError):
        register(session, name="En ligne", phone="")


def test_moving_a_session_tells_registered_people(session, mediator, django_capture_on_commit_callbacks):
    registration = register(session)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=session, actor=mediator, room="Salle 2")

    assert MessageLog.objects.filter(registration=registration, kind=MessageLog.Kind.CHANGED).count() == 1


def test_registering_again_resends_the_confirmation_link(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(session, email="alice@exemple.fr", phone="")
        register(session, email="alice@exemple.fr", phone="")

    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 2


def test_event_create_fills_empty_form_values_from_workshop(place, workshop, mediator):
    event = services.event_create(
        place=place, workshop=workshop, actor=mediator, title="", themes=[], level=""
    )

    assert event.title == workshop.title
    assert event.themes == workshop.themes
    assert event.level == workshop.level
