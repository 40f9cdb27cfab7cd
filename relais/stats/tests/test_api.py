import pytest


def test_api_mediation_returns_the_hand_counted_values(api_client_for, mediator, activities):
    response = api_client_for(mediator).get(
        "/api/v1/stats/mediation?start=2026-01-01&end=2026-03-31&period=custom"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["accompaniments"] == 7
    assert data["new_beneficiaries"] == 5
    assert {row["code"] for row in data["breakdowns"]["theme_administrative"]} == {"logement"}


def test_api_mediation_keeps_to_the_callers_places(api_client_for, outsider, activities):
    data = api_client_for(outsider).get("/api/v1/stats/mediation?period=custom&start=2026-01-01").json()
    assert data["accompaniments"] == 1


def test_api_refuses_a_place_outside_the_scope(api_client_for, outsider, activities, place):
    response = api_client_for(outsider).get(f"/api/v1/stats/mediation?place={place.pk}")
    assert response.status_code == 422


@pytest.mark.parametrize("name", ["programme", "fablab"])
def test_api_programme_and_fablab_answer(api_client_for, coordinator, name):
    response = api_client_for(coordinator).get(f"/api/v1/stats/{name}?period=this_year")
    assert response.status_code == 200
    assert response.json()["period"]["end"] == "2026-04-10"


def test_api_refuses_a_volunteer(api_client_for, volunteer):
    assert api_client_for(volunteer).get("/api/v1/stats/mediation").status_code == 403
