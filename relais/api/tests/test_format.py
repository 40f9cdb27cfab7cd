"""The shared pagination and error format, and the documentation page under the strict CSP."""

import re

import pytest

from relais.core.models import Membership, Role


@pytest.fixture
def many_places(organisation, coordinator):
    from conftest import make_place

    return [make_place(organisation, f"lieu-{number:02d}") for number in range(5)]


def test_pagination_gives_count_pages_and_neighbours(api_client_for, coordinator, place, many_places):
    body = api_client_for(coordinator).get("/api/v1/places", {"page": 2, "page_size": 2}).json()

    assert body["count"] == 6
    assert body["pages"] == 3
    assert body["page"] == 2
    assert body["previous"] == 1
    assert body["next"] == 3
    assert len(body["results"]) == 2


def test_pagination_last_page_has_no_next(api_client_for, coordinator, place, many_places):
    body = api_client_for(coordinator).get("/api/v1/places", {"page": 3, "page_size": 2}).json()

    assert body["next"] is None
    assert len(body["results"]) == 2


def test_pagination_refuses_a_page_size_over_the_maximum(api_client_for, coordinator):
    response = api_client_for(coordinator).get("/api/v1/places", {"page_size": 1000})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"


def test_invalid_path_parameter_answers_422_in_the_shared_format(api_client_for, mediator):
    response = api_client_for(mediator).get("/api/v1/places/abc")

    body = response.json()
    assert response.status_code == 422
    assert set(body) == {"detail", "errors"}
    assert body["errors"][0]["field"] == "place_id"


def test_error_format_for_403(api_client_for, mediator, place):
    response = api_client_for(mediator).patch(
        f"/api/v1/places/{place.pk}", "{}", content_type="application/json"
    )

    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_revoked_token_answers_401(client, mediator):
    from relais.accounts.models import ApiToken
    from relais.accounts.services import api_token_create

    token, secret = api_token_create(user=mediator, name="test", actor=None)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")

    response = client.get("/api/v1/places", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_document_lists_the_core_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/places", "/api/v1/places/{place_id}", "/api/v1/organisations"} <= set(document["paths"])
    assert set(document["paths"]["/api/v1/places"]) >= {"get", "post"}
    assert set(document["paths"]["/api/v1/places/{place_id}"]) >= {"get", "patch"}


@pytest.mark.django_db
def test_docs_page_works_under_the_strict_csp(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # every script is either loaded from our origin or inert JSON data
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_superuser_sees_every_place(api_client_for, place, other_place):
    from conftest import make_user

    root = make_user("root@test.fr", is_superuser=True, is_staff=True)
    Membership.objects.create(user=root, role=Role.ADMIN, place=place)

    body = api_client_for(root).get("/api/v1/places").json()

    assert body["count"] == 2
