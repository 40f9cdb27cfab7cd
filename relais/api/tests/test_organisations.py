import pytest

URL = "/api/v1/organisations"


@pytest.mark.django_db
def test_organisations_without_token_answer_401(client):
    assert client.get(URL).status_code == 401


def test_organisations_list_the_callers_organisations_only(
    api_client_for, mediator, organisation, other_organisation
):
    body = api_client_for(mediator).get(URL).json()

    assert [item["slug"] for item in body["results"]] == [organisation.slug]
    assert body["results"][0]["parent_id"] == organisation.parent_id
    assert body["results"][0]["pivot"] == organisation.pivot


def test_organisations_of_the_coordinator_include_the_network(
    api_client_for, coordinator, network, organisation, other_organisation
):
    body = api_client_for(coordinator).get(URL).json()

    assert {item["slug"] for item in body["results"]} == {network.slug, organisation.slug}
    assert body["count"] == 2
