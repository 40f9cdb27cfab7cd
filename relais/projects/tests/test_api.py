from relais.projects.tests.factories import PartnerFactory


def test_api_projects_lists_own_places(api_client_for, mediator, project, other_project):
    response = api_client_for(mediator).get("/api/v1/projects")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Bancs du quartier"
    assert data["results"][0]["needed_skills"][0]["name"] == "Impression 3D"


def test_api_project_detail_and_404(api_client_for, mediator, project, other_project):
    client = api_client_for(mediator)
    body = client.get(f"/api/v1/projects/{project.pk}").json()
    assert body["budget"]["balance"] in ("0.00", "0", 0)
    assert client.get(f"/api/v1/projects/{other_project.pk}").status_code == 404


def test_api_partners_with_skills(api_client_for, mediator, partner, other_partner):
    data = api_client_for(mediator).get("/api/v1/partners").json()
    assert [p["name"] for p in data["results"]] == ["Atelier Bois"]
    assert data["results"][0]["skills"][0]["slug"] == "impression-3d"


def test_api_matches(api_client_for, mediator, project, place, skill):
    PartnerFactory(place=place, name="Coop 3D", skills=[skill])
    data = api_client_for(mediator).get(f"/api/v1/projects/{project.pk}/matches").json()
    assert data[0]["name"] == "Coop 3D" and data[0]["kind"] == "partner" and "reason" in data[0]


def test_api_requires_token(client, project):
    assert client.get("/api/v1/projects").status_code == 401
