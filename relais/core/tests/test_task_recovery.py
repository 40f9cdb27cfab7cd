"""Faults: a worker killed mid-task. Every task a worker starts is written down and struck off when it
ends; the tasks a dead worker left are queued again, and the task itself makes sure its effect
happens once (here: a reminder, claimed by the task that sends it)."""

import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from conftest import run_in_thread
from relais.core import tasks as core_tasks
from relais.core.models import RunningTask
from relais.programme.tasks import send_reminder
from relais.programme.tests.factories import RegistrationFactory

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def registration(place):
    return RegistrationFactory(session__event__place=place, email="josiane@exemple.fr")


def _payload(task) -> bytes:
    return core_tasks.HUEY.serialize_task(task)


def _dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


@pytest.mark.django_db
def test_a_started_task_is_written_down_and_struck_off_when_it_ends(registration, monkeypatch):
    monkeypatch.setattr(core_tasks, "_tracked", lambda task: True)
    task = send_reminder.s(registration.pk, registration.session.start_at.isoformat())

    core_tasks.record_start(None, task)
    row = RunningTask.objects.get()
    assert row.task_id == str(task.id) and row.worker == core_tasks.worker_id()
    core_tasks.record_end(None, task)
    assert not RunningTask.objects.exists()

    send_reminder(registration.pk, registration.session.start_at.isoformat())  # a whole run, tracked
    assert len(mail.outbox) == 1
    assert not RunningTask.objects.exists()


@pytest.mark.django_db
def test_only_the_tasks_of_dead_workers_are_queued_again(place, django_capture_on_commit_callbacks):
    people = [RegistrationFactory(session__event__place=place, email=f"p{n}@exemple.fr") for n in range(4)]
    here, now = socket.gethostname(), timezone.now()
    workers = [
        f"{here}:{_dead_pid()}:0a1b2c",  # killed on this machine
        core_tasks.worker_id(),  # this very process, still at work
        "elsewhere:1234:0a1b2c",  # another machine, started a minute ago: it may still be working
        "elsewhere:1234:0a1b2c",  # another machine, started two hours ago: past the lease
    ]
    started = [now, now, now - datetime.timedelta(minutes=1), now - datetime.timedelta(hours=2)]
    for person, worker, at in zip(people, workers, started, strict=True):
        task = send_reminder.s(person.pk, person.session.start_at.isoformat())
        RunningTask.objects.create(
            task_id=str(task.id), name=task.name, payload=_payload(task), worker=worker, started_at=at
        )

    with django_capture_on_commit_callbacks(execute=True):
        recovered = core_tasks.tasks_recover()

    assert recovered == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["p0@exemple.fr", "p3@exemple.fr"]
    assert sorted(RunningTask.objects.values_list("worker", flat=True)) == sorted(workers[1:3])
    with django_capture_on_commit_callbacks(execute=True):
        assert core_tasks.tasks_recover() == 0


@pytest.mark.django_db
def test_the_task_that_claimed_a_reminder_may_finish_it_but_no_other(registration):
    from relais.programme import services

    start = registration.session.start_at
    task = send_reminder.s(registration.pk, start.isoformat())
    claimed = services.reminder_claim(registration_pk=registration.pk, expected_start=start, task_id=task.id)
    assert claimed is not None  # ... and the worker died before sending

    core_tasks.HUEY.execute(core_tasks.HUEY.deserialize_task(_payload(task)))  # the same task, queued again
    send_reminder(registration.pk, start.isoformat())  # another task for the same reminder

    assert [message.to for message in mail.outbox] == [["josiane@exemple.fr"]]


# A real consumer process, killed with SIGKILL in the middle of a task ---------------------------------


def _running_tasks() -> int:
    return run_in_thread(lambda: RunningTask.objects.count())


def _worker_env(var_dir: Path, maildir: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relais.core.tests.worker_settings",
        "RELAIS_TESTING": "0",
        "HUEY_IMMEDIATE": "0",
        "DEBUG": "1",
        "VAR_DIR": str(var_dir),
        "RELAIS_TEST_MAILDIR": str(maildir),
    }
    env.pop("DATABASE_URL", None)  # on SQLite: VAR_DIR/relais.sqlite3, the copy the threads use
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = (
            f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env.pop("REDIS_URL", None)
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL.rsplit("/", 1)[0] + "/13"
    return env


def _queue(env: dict):
    """The consumer's queue, as another process sees it."""
    if env.get("REDIS_URL"):
        from huey.storage import RedisStorage

        storage = RedisStorage(name="relais", url=env["REDIS_URL"])
        storage.flush_all()
        return storage
    from huey.storage import SqliteStorage

    return SqliteStorage(name="relais", filename=str(Path(env["VAR_DIR"]) / "tasks.sqlite3"))


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "relais", "run_huey", "--no-periodic", "--workers", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_is_replaced_and_the_reminder_is_sent_once(registration, request, tmp_path):
    path = request.getfixturevalue("database_as_deployed")
    assert path is None or path.parent == tmp_path
    maildir = tmp_path / "mail"
    maildir.mkdir()
    env, log = _worker_env(tmp_path, maildir), tmp_path / "worker.log"
    task = send_reminder.s(registration.pk, registration.session.start_at.isoformat())
    _queue(env).enqueue(_payload(task), None)

    first = _start_worker(env, log)
    try:
        _wait_for(lambda: (maildir / "stalled").exists(), 90, "the worker to start sending")
        assert _running_tasks() == 1  # written down while it runs
    finally:
        first.kill()  # SIGKILL: no goodbye, no cleanup
        first.wait()
    assert list(maildir.glob("*.eml")) == []

    second = _start_worker(env, log)
    try:
        _wait_for(lambda: len(list(maildir.glob("*.eml"))) >= 1, 90, "the reminder to be sent")
        _wait_for(lambda: _running_tasks() == 0, 30, "the task to be struck off")
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        second.terminate()
        second.wait(timeout=30)

    messages = list(maildir.glob("*.eml"))
    assert len(messages) == 1, log.read_text()
    assert b"To: josiane@exemple.fr" in messages[0].read_bytes()
