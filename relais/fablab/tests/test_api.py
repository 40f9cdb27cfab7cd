import json

from relais.fablab.models import Authorisation, Booking
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import BookingFactory


def _post(client, path, payload):
    return client.post(path, json.dumps(payload), content_type="application/json")


def test_api_machines_list_state_and_free_slots(api_client_for, member, machine, other_machine, frozen_now):
    response = api_client_for(member).get("/api/v1/machines", {"place": machine.place.slug})

    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 1
    assert data["results"][0]["state"] == "available"
    assert data["results"][0]["free_slots"][0] == {
        "start": "2026-12-02T10:00:00+01:00",
        "end": "2026-12-02T18:00:00+01:00",
    }


def test_api_booking_create_201(api_client_for, authorised_member, machine, frozen_now):
    response = _post(
        api_client_for(authorised_member),
        "/api/v1/bookings",
        {"machine": machine.pk, "start": "2026-12-03T14:00:00+01:00", "end": "2026-12-03T15:00:00+01:00"},
    )

    assert response.status_code == 201
    assert response.json()["user"] == authorised_member.pk


def test_api_booking_conflict_409_names_the_rule(api_client_for, authorised_member, machine, frozen_now):
    BookingFactory(machine=machine, user=authorised_member, start=at(3, 14), end=at(3, 15))

    response = _post(
        api_client_for(authorised_member),
        "/api/v1/bookings",
        {"machine": machine.pk, "start": "2026-12-03T14:30:00+01:00", "end": "2026-12-03T15:30:00+01:00"},
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["rule"] == "overlap"
    assert Booking.objects.count() == 1


def test_api_booking_without_authorisation_403(api_client_for, member, machine, frozen_now):
    response = _post(
        api_client_for(member),
        "/api/v1/bookings",
        {"machine": machine.pk, "start": "2026-12-03T14:00:00+01:00", "end": "2026-12-03T15:00:00+01:00"},
    )

    assert response.status_code == 403
    assert Booking.objects.count() == 0


def test_api_booking_end_before_start_422(api_client_for, authorised_member, machine, frozen_now):
    response = _post(
        api_client_for(authorised_member),
        "/api/v1/bookings",
        {"machine": machine.pk, "start": "2026-12-03T15:00:00+01:00", "end": "2026-12-03T14:00:00+01:00"},
    )

    assert response.status_code == 422


def test_api_staff_books_for_user(api_client_for, fabmanager, authorised_member, machine, frozen_now):
    response = _post(
        api_client_for(fabmanager),
        "/api/v1/bookings",
        {
            "machine": machine.pk,
            "start": "2026-12-03T14:00:00+01:00",
            "end": "2026-12-03T15:00:00+01:00",
            "user": authorised_member.pk,
        },
    )

    assert response.status_code == 201
    assert Booking.objects.get().user == authorised_member


def test_api_member_cannot_book_for_someone_else(
    api_client_for, volunteer, authorised_member, machine, frozen_now
):
    response = _post(
        api_client_for(volunteer),
        "/api/v1/bookings",
        {
            "machine": machine.pk,
            "start": "2026-12-03T14:00:00+01:00",
            "end": "2026-12-03T15:00:00+01:00",
            "user": authorised_member.pk,
        },
    )

    assert response.status_code == 403


def test_api_bookings_list_scoped(api_client_for, authorised_member, outsider, machine, frozen_now):
    BookingFactory(machine=machine, user=authorised_member)

    assert api_client_for(authorised_member).get("/api/v1/bookings").json()["count"] == 1
    assert api_client_for(outsider).get("/api/v1/bookings").json()["count"] == 0


def test_api_authorisations_grant_list_revoke(api_client_for, fabmanager, member, outsider, machine):
    client = api_client_for(fabmanager)

    created = _post(
        client,
        "/api/v1/authorisations",
        {"user": member.email, "place": machine.place.slug, "machine": machine.pk},
    )
    pk = created.json()["id"]
    revoked = _post(client, f"/api/v1/authorisations/{pk}/revoke", {"reason": "Imprudence"})

    assert created.status_code == 201
    assert revoked.json()["status"] == "revoked"
    assert api_client_for(member).get("/api/v1/authorisations").json()["count"] == 1
    assert api_client_for(outsider).get("/api/v1/authorisations").json()["count"] == 0
    assert Authorisation.objects.get().revocation_reason == "Imprudence"


def test_api_authorisation_grant_by_volunteer_403(api_client_for, volunteer, member, machine):
    response = _post(
        api_client_for(volunteer),
        "/api/v1/authorisations",
        {"user": member.pk, "place": machine.place.slug, "machine": machine.pk},
    )

    assert response.status_code == 403


def test_api_maintenance_orders(api_client_for, fabmanager, volunteer, outsider, machine):
    created = _post(
        api_client_for(fabmanager),
        "/api/v1/maintenance-orders",
        {"machine": machine.pk, "title": "Courroie", "checklist": ["Changer", "Tester"]},
    )
    refused = _post(
        api_client_for(volunteer), "/api/v1/maintenance-orders", {"machine": machine.pk, "title": "X"}
    )

    assert created.status_code == 201
    assert created.json()["checklist"] == [
        {"step": "Changer", "done": False},
        {"step": "Tester", "done": False},
    ]
    assert refused.status_code == 403
    assert api_client_for(fabmanager).get("/api/v1/maintenance-orders", {"open": True}).json()["count"] == 1
    assert api_client_for(outsider).get("/api/v1/maintenance-orders").json()["count"] == 0


def test_api_incident_is_public_and_rate_limited(client, machine):
    from relais.fablab.incidents import MAX_REPORTS_PER_HOUR

    responses = [
        _post(
            client,
            "/api/v1/incidents",
            {"machine": machine.pk, "description": "Bruit", "severity": "degraded"},
        )
        for _ in range(MAX_REPORTS_PER_HOUR + 1)
    ]

    assert [r.status_code for r in responses] == [201] * MAX_REPORTS_PER_HOUR + [409]
    assert (
        _post(
            client, "/api/v1/incidents", {"machine": machine.pk, "description": "x", "severity": "?"}
        ).status_code
        == 422
    )


def test_api_consumables_with_stock_levels(api_client_for, fabmanager, outsider, place):
    from relais.fablab.models import Consumable

    Consumable.objects.create(place=place, name="PLA", unit="m", reorder_threshold=100, quantity=40)
    Consumable.objects.create(place=place, name="Vinyle", unit="m", reorder_threshold=5, quantity=40)

    data = api_client_for(fabmanager).get("/api/v1/consumables", {"low": True}).json()

    assert data["count"] == 1 and data["results"][0]["name"] == "PLA" and data["results"][0]["quantity"] == 40
    assert api_client_for(outsider).get("/api/v1/consumables").json()["count"] == 0
