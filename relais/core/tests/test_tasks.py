"""Final task failures are recorded for administrators; retries back off exponentially."""

import datetime

import pytest
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from relais.core.models import Journal, TaskFailure
from relais.core.tasks import relais_task

LIST_URL = reverse("core:task-failure-list")


@relais_task(retries=2, retry_delay=30)
def always_failing(number):
    raise RuntimeError(f"boom {number}")


@relais_task(retries=2, retry_delay=30)
def succeeding(number):
    return number * 2


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)  # huey keeps naive UTC times


def _run_retries() -> list[datetime.timedelta]:
    """Run every scheduled retry (huey immediate mode keeps them in its schedule); return their delays."""
    later = _utcnow() + datetime.timedelta(days=1)
    delays = []
    for _attempt in range(10):
        due = HUEY.read_schedule(later)
        if not due:
            break
        for task in due:
            delays.append(task.eta - _utcnow())
            HUEY.execute(task, timestamp=task.eta)
    return delays


@pytest.fixture(autouse=True)
def empty_schedule():
    HUEY.flush()
    yield
    HUEY.flush()


@pytest.mark.django_db
def test_a_task_that_always_fails_is_recorded_once_after_its_retries():
    always_failing(7)

    assert TaskFailure.objects.count() == 0  # the first attempt failed, retries are scheduled
    delays = _run_retries()

    failure = TaskFailure.objects.get()
    assert failure.task_name.endswith("always_failing")
    assert "RuntimeError: boom 7" in failure.error
    assert "Traceback" in failure.traceback
    assert "7" in failure.arguments
    assert failure.attempts == 3
    # exponential backoff: 30 seconds, then 60
    assert [round(delay.total_seconds() / 10) * 10 for delay in delays] == [30, 60]


@pytest.mark.django_db
def test_a_succeeding_task_records_nothing():
    result = succeeding(21)

    assert result() == 42
    assert TaskFailure.objects.count() == 0


def _failure():
    return TaskFailure.objects.create(task_name="relais.demo.task", task_id="abc", error="ValueError: nope")


@pytest.mark.django_db
def test_failed_tasks_page_redirects_anonymous(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_failed_tasks_page_is_forbidden_to_a_mediator(mediator_client):
    assert mediator_client.get(LIST_URL).status_code == 403


def test_failed_tasks_page_is_forbidden_to_a_coordinator(coordinator_client):
    assert coordinator_client.get(LIST_URL).status_code == 403


def test_failed_tasks_page_shows_the_error_to_an_administrator(admin_client):
    _failure()

    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert "relais.demo.task" in response.text
    assert "ValueError: nope" in response.text


def test_resolving_a_failure_hides_it_and_is_journalled(admin_client, admin):
    failure = _failure()

    response = admin_client.post(reverse("core:task-failure-resolve", args=[failure.pk]))

    failure.refresh_from_db()
    assert response.status_code == 303
    assert failure.resolved_at is not None
    assert "relais.demo.task" not in admin_client.get(LIST_URL).text
    assert "relais.demo.task" in admin_client.get(LIST_URL, {"vue": "resolues"}).text
    assert Journal.objects.filter(action="task_failure.resolve", actor=admin).exists()


def test_resolving_a_failure_is_forbidden_to_a_mediator(mediator_client):
    failure = _failure()

    response = mediator_client.post(reverse("core:task-failure-resolve", args=[failure.pk]))

    failure.refresh_from_db()
    assert response.status_code == 403
    assert failure.resolved_at is None
