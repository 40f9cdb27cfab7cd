"""Faults: the database busy with other writers. Nobody at the desk sees an error: a request that meets a
held write lock waits for it (SQLite's busy timeout with immediate transactions, PostgreSQL's lock
queue) and then succeeds; many mediators saving at once all get their activity recorded."""

import datetime
import sqlite3
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from relais.mediation.models import Activity

CREATE_URL = reverse("mediation:activity-create")
HOLD_SECONDS = 1.5


def entry(today: datetime.date, note: str) -> dict:
    return {
        "date": today.isoformat(),
        "duration": "30",
        "place_type": "lieu_activite",
        "themes": ["email"],
        "notes": note,
    }


def _post_as(user, note: str, outcomes: list, lock: threading.Lock) -> None:
    try:
        client = Client()
        client.force_login(user)
        response = client.post(CREATE_URL, entry(datetime.date.today(), note))
        outcome = (response.status_code, time.monotonic())
    except Exception as error:  # collected and asserted by the test
        outcome = (repr(error), time.monotonic())
    finally:
        connections.close_all()
    with lock:
        outcomes.append(outcome)


def _activities_count(path) -> int:
    if path is None:
        count = []
        thread = threading.Thread(
            target=lambda: (count.append(Activity.objects.count()), connections.close_all())
        )
        thread.start()
        thread.join()
        return count[0]
    with sqlite3.connect(path) as reader:
        return reader.execute("SELECT COUNT(*) FROM mediation_activity").fetchone()[0]


def _hold_write_lock(path, held: threading.Event, released: list) -> None:
    """Another process writing: it takes the write lock, keeps it HOLD_SECONDS, then commits."""
    if path is None:
        from django.db import transaction

        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE mediation_activity IN EXCLUSIVE MODE")
            held.set()
            time.sleep(HOLD_SECONDS)
            released.append(time.monotonic())
        connections.close_all()
        return
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE mediation_activity SET notes = notes")
    held.set()
    time.sleep(HOLD_SECONDS)
    released.append(time.monotonic())
    writer.execute("COMMIT")
    writer.close()


@pytest.mark.django_db(transaction=True)
def test_a_desk_entry_waits_for_another_writer_then_succeeds(mediator, request):
    path = request.getfixturevalue("database_as_deployed")
    held, released, outcomes, lock = threading.Event(), [], [], threading.Lock()
    holder = threading.Thread(target=_hold_write_lock, args=(path, held, released))
    holder.start()
    assert held.wait(timeout=10)

    desk = threading.Thread(target=_post_as, args=(mediator, "pendant une écriture", outcomes, lock))
    desk.start()
    desk.join()
    holder.join()

    [(status, finished)] = outcomes
    assert status == 303  # recorded and redirected, no error page
    assert finished >= released[0]  # it waited for the other writer instead of failing
    assert _activities_count(path) == 1


@pytest.mark.django_db(transaction=True)
def test_many_mediators_saving_at_once_all_get_their_activity_recorded(mediator, request):
    path = request.getfixturevalue("database_as_deployed")
    outcomes, lock = [], threading.Lock()
    writers = [
        threading.Thread(target=_post_as, args=(mediator, f"personne {index}", outcomes, lock))
        for index in range(12)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert sorted(status for status, _finished in outcomes) == [303] * 12
    assert _activities_count(path) == 12
