import pytest

from relais.presence.models import Audit, Subject
from relais.presence.tests.factories import AuditFactory, SubjectFactory
from relais.presence.tests.sites import good_routes


@pytest.fixture
def subject(place):
    return SubjectFactory(place=place, name="Association Les Connectés")


def test_subjects_list_is_scoped_and_paginated(api_client_for, mediator, subject, other_place):
    SubjectFactory(place=other_place, name="Ailleurs")

    response = api_client_for(mediator).get("/api/v1/presence/subjects")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["results"][0]["name"] == "Association Les Connectés"


def test_subjects_need_a_token(client):
    assert client.get("/api/v1/presence/subjects").status_code == 401


def test_post_audit_starts_one_and_get_returns_the_json(
    api_client_for, mediator, place, make_site, django_capture_on_commit_callbacks
):
    site = make_site(good_routes())
    subject = SubjectFactory(place=place, website=site.url)
    api = api_client_for(mediator)

    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/presence/audits", {"subject": subject.pk, "pages": 2}, content_type="application/json"
        )
    report = api.get(f"/api/v1/presence/audits/{created.json()['id']}")

    assert created.status_code == 202
    assert report.status_code == 200
    data = report.json()
    assert list(data) == ["url", "algorithm_version", "score", "grade", "coverage", "pillars", "checks"]
    assert set(data["checks"][0]) == {"id", "pillar", "score", "status", "message", "fix"}


def test_get_unfinished_audit_is_a_conflict(api_client_for, mediator, subject):
    audit = AuditFactory(subject=subject, status=Audit.Status.QUEUED)

    response = api_client_for(mediator).get(f"/api/v1/presence/audits/{audit.pk}")

    assert response.status_code == 409


def test_audit_of_another_place_is_not_found(api_client_for, outsider, subject):
    audit = AuditFactory(subject=subject)
    api = api_client_for(outsider)

    assert api.get(f"/api/v1/presence/audits/{audit.pk}").status_code == 404
    response = api.post("/api/v1/presence/audits", {"subject": subject.pk}, content_type="application/json")
    assert response.status_code == 404
    assert Audit.objects.count() == 1


def test_volunteer_cannot_start_an_audit(api_client_for, volunteer, subject):
    response = api_client_for(volunteer).post(
        "/api/v1/presence/audits", {"subject": subject.pk}, content_type="application/json"
    )

    assert response.status_code == 403


def test_post_audit_of_a_territory_is_refused(api_client_for, mediator, place):
    territory = SubjectFactory(place=place, territory=True)

    response = api_client_for(mediator).post(
        "/api/v1/presence/audits", {"subject": territory.pk}, content_type="application/json"
    )

    assert response.status_code == 422
    assert Subject.objects.count() == 1
    assert not Audit.objects.exists()


def test_post_subject_creates_an_organisation(api_client_for, mediator, place):
    payload = {"place": place.slug, "name": "Médiathèque", "website": "https://m.fr", "postcode": "51100"}

    response = api_client_for(mediator).post(
        "/api/v1/presence/subjects", payload, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["name"] == "Médiathèque"
    assert Subject.objects.get().place == place


def test_post_subject_with_invalid_siret_is_refused(api_client_for, mediator, place):
    payload = {"place": place.slug, "name": "Médiathèque", "siret": "12"}

    response = api_client_for(mediator).post(
        "/api/v1/presence/subjects", payload, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "siret"
    assert not Subject.objects.exists()


def test_post_subject_in_another_place_is_not_found(api_client_for, outsider, place):
    payload = {"place": place.slug, "name": "Médiathèque"}

    response = api_client_for(outsider).post(
        "/api/v1/presence/subjects", payload, content_type="application/json"
    )

    assert response.status_code == 404
