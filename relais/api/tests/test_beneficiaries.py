"""Beneficiary files through the API follow the web pages: administrators and mediators only (DESIGN:
a fablab manager sees machines, bookings and stock), never a redacted file."""

import pytest

from relais.core.models import Membership, Role
from relais.mediation.tests.factories import BeneficiaryFactory

URL = "/api/v1/beneficiaries"


@pytest.fixture
def zoe(place):
    return BeneficiaryFactory(place=place, first_name="Zoé", last_name="Leclerc", phone="0611223344")


@pytest.mark.parametrize("persona", ["volunteer", "fabmanager", "coordinator"])
def test_roles_without_identities_get_403_and_no_identity(request, api_client_for, zoe, persona):
    client = api_client_for(request.getfixturevalue(persona))

    for response in (client.get(URL), client.get(f"{URL}/{zoe.pk}")):
        assert response.status_code == 403
        assert set(response.json()) == {"detail", "errors"}
        assert "Zoé" not in response.content.decode()
        assert "0611223344" not in response.content.decode()


@pytest.mark.parametrize("persona", ["volunteer", "fabmanager", "coordinator"])
def test_api_and_web_refuse_the_same_file_to_the_same_role(request, api_client_for, client_for, zoe, persona):
    user = request.getfixturevalue(persona)

    api_status = api_client_for(user).get(f"{URL}/{zoe.pk}").status_code
    web_status = client_for(user).get(f"/mediation/beneficiaires/{zoe.pk}/").status_code

    assert api_status == web_status == 403


@pytest.mark.parametrize("persona", ["mediator", "admin"])
def test_identity_roles_read_the_whole_file(request, api_client_for, client_for, zoe, persona):
    user = request.getfixturevalue(persona)

    body = api_client_for(user).get(f"{URL}/{zoe.pk}").json()

    assert (body["first_name"], body["last_name"], body["phone"]) == ("Zoé", "Leclerc", "0611223344")
    assert client_for(user).get(f"/mediation/beneficiaires/{zoe.pk}/").status_code == 200


def test_another_places_file_is_not_found(api_client_for, outsider, zoe):
    assert api_client_for(outsider).get(f"{URL}/{zoe.pk}").status_code == 404


def test_list_holds_only_the_places_where_the_caller_sees_identities(
    api_client_for, coordinator, other_place, zoe
):
    # Mediator in place B and coordinator of the network that holds place A.
    Membership.objects.create(user=coordinator, role=Role.MEDIATOR, place=other_place)
    mine = BeneficiaryFactory(place=other_place, first_name="Inès")

    body = api_client_for(coordinator).get(URL).json()

    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert api_client_for(coordinator).get(f"{URL}/{zoe.pk}").status_code == 403


def test_an_id_too_large_for_the_database_is_invalid_input_not_a_server_error(api_client_for, mediator):
    from django.db import connection

    response = api_client_for(mediator).get(URL, {"place": "5396718516645555328425918464"})

    if connection.vendor == "sqlite":  # SQLite cannot hold it: the input is refused
        assert response.status_code == 422
        assert response.json()["errors"][0]["message"] == "Un nombre est hors limites."
    else:  # PostgreSQL compares it as a number and finds no such place
        assert response.status_code == 200
        assert response.json()["count"] == 0
