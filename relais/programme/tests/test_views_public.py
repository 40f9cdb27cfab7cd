import json
from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from relais.programme import services
from relais.programme.models import Registration, SurveyAnswer
from relais.programme.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db
State = Registration.State


def test_agenda_lists_upcoming_public_sessions_only(
    client, session, other_place, place, django_assert_max_num_queries
):
    SessionFactory(event__place=place, event__title="Atelier passé", past=True)
    SessionFactory(event__place=place, event__title="Atelier caché", event__is_published=False)

    with django_assert_max_num_queries(8):
        response = client.get("/agenda/")

    assert response.status_code == 200
    assert session.event.title in response.text
    assert "Atelier passé" not in response.text
    assert "Atelier caché" not in response.text


def test_agenda_filters_by_theme_and_free_seats(client, place):
    SessionFactory(event__place=place, event__title="Courriel", event__themes=["email"])
    SessionFactory(event__place=place, event__title="Santé plein", event__themes=["sante"], capacity=0)

    assert "Santé plein" not in client.get("/agenda/", {"theme": "email"}).text
    assert "Courriel" in client.get("/agenda/", {"theme": "email"}).text
    assert "Santé plein" not in client.get("/agenda/", {"free_seats": "on"}).text


def test_agenda_htmx_returns_fragment(client, session):
    response = client.get("/agenda/", HTTP_HX_REQUEST="true")

    assert "<html" not in response.text
    assert 'id="agenda-results"' in response.text


def test_event_page_has_schema_org_json_ld(client, session):
    response = client.get(session.event.get_public_url())

    start = response.text.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(response.text[start : response.text.index("</script>", start)])
    assert data[0]["@type"] == "Event"
    assert data[0]["name"] == session.event.title
    assert data[0]["remainingAttendeeCapacity"] == 10


def test_widget_may_be_framed_anywhere(client, session, place):
    response = client.get(f"/agenda/lieux/{place.slug}/widget/")

    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'none'" in client.get("/agenda/")["Content-Security-Policy"]


def test_register_creates_pending_registration_and_redirects(
    client, session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            session.get_public_url(), {"name": "Alice Martin", "email": "alice@exemple.fr", "consent": "on"}
        )

    registration = Registration.objects.get()
    assert response.status_code == 303
    assert response["Location"] == registration.get_manage_url()
    assert registration.state == State.PENDING_CONFIRMATION
    assert len(mailoutbox) == 1


def test_register_invalid_keeps_values_and_writes_nothing(client, session):
    response = client.post(session.get_public_url(), {"name": "Alice Martin", "email": "pas-un-email"})

    assert response.status_code == 200
    assert "pas-un-email" in response.text
    assert "Alice Martin" in response.text
    assert Registration.objects.count() == 0


def test_register_past_session_is_not_offered(client, place):
    past = SessionFactory(event__place=place, past=True)

    assert client.get(past.get_public_url()).status_code == 404


def test_full_session_offers_waiting_list(client, place):
    full = SessionFactory(event__place=place, capacity=0)

    response = client.get(full.get_public_url())

    assert "waiting list" in response.text.lower() or "liste d" in response.text.lower()


def test_cancel_link_cancels_and_promotes(client, place):
    session = SessionFactory(event__place=place, capacity=1)
    first = RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, state=State.WAITLISTED, waitlisted_at=first.created_at)

    assert client.get(first.get_cancel_url()).status_code == 200
    response = client.post(first.get_cancel_url())

    assert response.status_code == 303
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.state == State.CANCELLED_BY_PARTICIPANT
    assert waiting.state == State.CONFIRMED


def test_opt_out_is_recorded(client, session):
    registration = RegistrationFactory(session=session)

    client.post(f"/agenda/inscriptions/{registration.token}/sans-rappel/")

    registration.refresh_from_db()
    assert registration.messages_opt_out is True


def test_survey_by_qr_code_records_anonymous_answer(client, session):
    with time_machine.travel(session.end_at + timedelta(minutes=5)):
        response = client.post(
            session.get_survey_url(), {"satisfaction": "9", "goal_reached": "partly", "recommendation": "10"}
        )

    assert response.status_code == 200
    answer = SurveyAnswer.objects.get()
    assert answer.registration is None and answer.satisfaction == 9


def test_ics_feeds_parse_with_stable_uid_and_sequence(client, session, mediator, place):
    first = Calendar.from_ical(client.get("/agenda.ics").content)
    services.session_update(
        session=session,
        actor=mediator,
        start_at=session.start_at + timedelta(hours=1),
        end_at=session.end_at + timedelta(hours=1),
    )
    second = Calendar.from_ical(client.get(f"/agenda/lieux/{place.slug}.ics").content)

    before = [c for c in first.walk("VEVENT")][0]
    after = [c for c in second.walk("VEVENT")][0]
    assert str(before["UID"]) == str(after["UID"]) == f"{session.uid}@relais"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    for component in first.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in component
    assert first["VERSION"] == "2.0" and "PRODID" in first
    raw = client.get("/agenda.ics").content
    assert raw.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 §3.1 line folding


def test_public_registration_is_limited_per_connection_and_keeps_what_was_typed(client, session, settings):
    settings.PUBLIC_FORMS_PER_HOUR = 2
    for number in range(2):
        person = {"name": f"Personne {number}", "email": f"p{number}@exemple.fr", "consent": "on"}
        assert client.post(session.get_public_url(), person).status_code == 303

    typed = {"name": "Chloé Durand", "email": "chloe@exemple.fr", "consent": "on"}
    response = client.post(session.get_public_url(), typed)

    assert response.status_code == 429
    assert "Chloé Durand" in response.text and "chloe@exemple.fr" in response.text
    assert "Trop de" in response.text
    assert Registration.objects.count() == 2
    other = client.post(session.get_public_url(), typed, REMOTE_ADDR="192.0.2.80")
    assert other.status_code == 303


def test_room_survey_accepts_a_whole_room_from_one_connection_but_not_a_flood(client, place, settings):
    settings.PUBLIC_FORMS_PER_HOUR = 2
    room = SessionFactory(event__place=place, capacity=3)
    answer = {"satisfaction": "8", "goal_reached": "yes", "recommendation": "9"}
    with time_machine.travel(room.end_at + timedelta(minutes=5)):
        statuses = [client.post(room.get_survey_url(), answer).status_code for _person in range(7)]

    assert statuses == [200] * 6 + [429]  # twice the room's capacity, then refused
    assert SurveyAnswer.objects.count() == 6
