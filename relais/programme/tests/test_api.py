import pytest

from relais.programme.models import Registration
from relais.programme.tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_sessions_list_with_free_seats_scoped_to_places(api_client_for, mediator, session, other_session):
    RegistrationFactory(session=session)

    data = api_client_for(mediator).get("/api/v1/sessions").json()

    assert data["count"] == 1
    assert data["results"][0]["free_seats"] == 9
    assert data["results"][0]["id"] == session.pk


def test_workshops_and_events_lists(api_client_for, mediator, workshop, session):
    client = api_client_for(mediator)

    assert client.get("/api/v1/workshops").json()["results"][0]["title"] == workshop.title
    assert client.get("/api/v1/events").json()["results"][0]["id"] == session.event_id


def test_post_registration_answers_state(api_client_for, mediator, place):
    session = SessionFactory(event__place=place, capacity=1)
    client = api_client_for(mediator)
    url = f"/api/v1/sessions/{session.pk}/registrations"

    first = client.post(
        url, {"name": "Alice", "phone": "0611111111", "consent": True}, content_type="application/json"
    )
    second = client.post(
        url, {"name": "Bob", "email": "bob@exemple.fr", "consent": True}, content_type="application/json"
    )
    again = client.post(
        url, {"name": "Bob", "email": "bob@exemple.fr", "consent": True}, content_type="application/json"
    )

    assert first.status_code == 201 and first.json()["state"] == "confirmed"
    assert second.status_code == 201 and second.json()["state"] == "waitlisted"
    assert again.status_code == 200 and again.json()["id"] == second.json()["id"]


def test_post_registration_refusals(api_client_for, mediator, outsider, place, other_session):
    past = SessionFactory(event__place=place, past=True)
    client = api_client_for(mediator)
    payload = {"name": "Alice", "phone": "0611111111", "consent": True}

    assert (
        client.post(
            f"/api/v1/sessions/{past.pk}/registrations", payload, content_type="application/json"
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"/api/v1/sessions/{other_session.pk}/registrations", payload, content_type="application/json"
        ).status_code
        == 404
    )
    bad = client.post(
        f"/api/v1/sessions/{SessionFactory(event__place=place).pk}/registrations",
        {"name": "Alice", "email": "nope", "consent": True},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert Registration.objects.count() == 0


def test_post_registration_with_beneficiary_needs_team_role(
    api_client_for, mediator, volunteer, place, session
):
    from relais.mediation.tests.factories import BeneficiaryFactory

    beneficiary = BeneficiaryFactory(place=place)
    payload = {"name": "Alice", "phone": "0611111111", "consent": True, "beneficiary": beneficiary.pk}
    url = f"/api/v1/sessions/{session.pk}/registrations"

    assert api_client_for(volunteer).post(url, payload, content_type="application/json").status_code == 403
    response = api_client_for(mediator).post(url, payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["beneficiary"] == beneficiary.pk


def test_registrations_list_hidden_from_coordinator(api_client_for, coordinator, mediator, session):
    RegistrationFactory(session=session)

    assert api_client_for(coordinator).get(f"/api/v1/sessions/{session.pk}/registrations").status_code == 403
    assert api_client_for(mediator).get(f"/api/v1/sessions/{session.pk}/registrations").json()["count"] == 1


def test_sessions_filter_with_free_seats(api_client_for, mediator, place, session):
    SessionFactory(event__place=place, capacity=0)

    data = api_client_for(mediator).get("/api/v1/sessions", {"with_free_seats": "true"}).json()

    assert [item["id"] for item in data["results"]] == [session.pk]
