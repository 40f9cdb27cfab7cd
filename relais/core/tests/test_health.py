from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_queue_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_failing_part(client):
    with mock.patch("relais.core.health.HUEY.storage.queue_size", side_effect=ConnectionError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["queue"].startswith("error")
