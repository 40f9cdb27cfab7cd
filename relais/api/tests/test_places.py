import json

import pytest

from relais.core.models import Journal, Membership, Place, Role

URL = "/api/v1/places"


def place_payload(organisation, **overrides):
    payload = {
        "organisation_id": organisation.pk,
        "name": "Point numérique Wilson",
        "pivot": "21510454800023",
        "address": "3 place Wilson",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "opening_hours": "Mo-Fr 09:00-17:00",
        "services": ["Aide aux démarches administratives"],
        "emails": ["wilson@example.org"],
    }
    payload.update(overrides)
    return payload


def post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def patch(client, url, payload):
    return client.patch(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def network_admin(network, place):
    from conftest import make_user

    user = make_user("reseau-admin@test.fr")
    Membership.objects.create(user=user, role=Role.ADMIN, organisation=network)
    return user


# list and read


@pytest.mark.django_db
def test_places_without_token_answer_401(client):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.django_db
def test_places_with_an_unknown_token_answer_401(client):
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer rel_nope")

    assert response.status_code == 401


def test_places_list_only_the_callers_places(api_client_for, mediator, place, other_place):
    response = api_client_for(mediator).get(URL)

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert [item["slug"] for item in body["results"]] == [place.slug]
    assert body["results"][0]["opening_hours"] == place.opening_hours


def test_places_list_for_the_coordinator_covers_the_network(api_client_for, coordinator, place, organisation):
    from conftest import make_place

    make_place(organisation, "lieu-voisin", commune="Tinqueux", postcode="51430")

    body = api_client_for(coordinator).get(URL, {"commune": "tinqueux"}).json()

    assert [item["slug"] for item in body["results"]] == ["lieu-voisin"]


def test_places_list_query_count_is_bounded(
    api_client_for, coordinator, organisation, django_assert_max_num_queries
):
    from conftest import make_place

    for number in range(20):
        make_place(organisation, f"lieu-{number}")
    client = api_client_for(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(URL, {"page_size": 50})

    assert response.json()["count"] == 21  # and place A


def test_place_read_answers_404_for_another_place(api_client_for, mediator, other_place):
    response = api_client_for(mediator).get(f"{URL}/{other_place.pk}")

    assert response.status_code == 404
    assert response.json()["detail"]
    assert response.json()["errors"] == []


def test_place_read_returns_every_schema_field(api_client_for, mediator, place):
    body = api_client_for(mediator).get(f"{URL}/{place.pk}").json()

    for field in Place.SCHEMA_FIELDS.values():
        assert field in body
    assert body["id"] == place.pk
    assert body["organisation_id"] == place.organisation_id


# create


def test_place_create_by_a_network_admin_writes_the_place(api_client_for, network_admin, organisation):
    response = post(api_client_for(network_admin), URL, place_payload(organisation))

    assert response.status_code == 201
    created = Place.objects.get(pk=response.json()["id"])
    assert created.slug == "point-numerique-wilson"
    assert created.organisation == organisation
    assert Journal.objects.filter(action="place.create", target_id=str(created.pk)).exists()


def test_place_create_is_forbidden_to_a_place_admin(api_client_for, admin, organisation):
    response = post(api_client_for(admin), URL, place_payload(organisation))

    assert response.status_code == 403
    assert not Place.objects.filter(name="Point numérique Wilson").exists()


def test_place_create_in_a_foreign_organisation_answers_422(
    api_client_for, network_admin, other_organisation
):
    response = post(api_client_for(network_admin), URL, place_payload(other_organisation))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation_id"
    assert not Place.objects.filter(name="Point numérique Wilson").exists()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("pivot", "123", "SIRET"),
        ("postcode", "ABCDE", "5"),
        ("opening_hours", "du lundi au vendredi", "OpenStreetMap"),
        ("services", ["Cours de cuisine"], "Cours de cuisine"),
        ("emails", ["pas-une-adresse"], "pas-une-adresse"),
    ],
)
def test_place_create_invalid_field_answers_422_with_field_and_reason(
    api_client_for, network_admin, organisation, field, value, fragment
):
    response = post(api_client_for(network_admin), URL, place_payload(organisation, **{field: value}))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert fragment in errors[0]["message"]
    assert not Place.objects.filter(name="Point numérique Wilson").exists()


def test_place_create_with_a_missing_field_answers_422(api_client_for, network_admin, organisation):
    payload = place_payload(organisation)
    del payload["address"]

    response = post(api_client_for(network_admin), URL, payload)

    assert response.status_code == 422
    assert "address" in [error["field"] for error in response.json()["errors"]]


# change


def test_place_patch_by_the_place_admin_changes_only_sent_fields(api_client_for, admin, place):
    response = patch(api_client_for(admin), f"{URL}/{place.pk}", {"summary": "Nouveau résumé"})

    place.refresh_from_db()
    assert response.status_code == 200
    assert place.summary == "Nouveau résumé"
    assert place.name == "Lieu A"
    assert Journal.objects.get(action="place.update").data["changed"] == ["summary"]


def test_place_patch_is_forbidden_to_a_mediator(api_client_for, mediator, place):
    response = patch(api_client_for(mediator), f"{URL}/{place.pk}", {"summary": "Non"})

    place.refresh_from_db()
    assert response.status_code == 403
    assert place.summary == ""


def test_place_patch_of_another_place_answers_404(api_client_for, outsider, place):
    response = patch(api_client_for(outsider), f"{URL}/{place.pk}", {"summary": "Non"})

    assert response.status_code == 404


def test_place_patch_invalid_answers_422_and_changes_nothing(api_client_for, admin, place):
    response = patch(api_client_for(admin), f"{URL}/{place.pk}", {"postcode": "1", "name": "Changé"})

    place.refresh_from_db()
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "postcode"
    assert place.name == "Lieu A"


def test_place_patch_refuses_null_for_a_required_field(api_client_for, admin, place):
    response = patch(api_client_for(admin), f"{URL}/{place.pk}", {"name": None})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
