"""Capacity is enforced by the database: concurrent registrations never overbook."""

import threading

import pytest
from django.db import connection, connections

from conftest import run_in_thread
from relais.programme import services
from relais.programme.models import Registration, Session
from relais.programme.tests.factories import SessionFactory

State = Registration.State


def _states(session) -> list[str]:
    return run_in_thread(
        lambda: list(Registration.objects.filter(session=session).values_list("state", flat=True))
    )


def _register_concurrently(session: Session, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def register(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.registration_create(
                session=session,
                name=f"Personne {index}",
                phone=f"+3361234{index:04d}",
                consent=True,
                source=Registration.Source.DESK,
            )
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_fill_ten_seats_exactly(place, request):
    session = SessionFactory(event__place=place, capacity=10)
    request.getfixturevalue("database_as_deployed")

    errors = _register_concurrently(session, 50)

    assert errors == []
    states = _states(session)
    assert len(states) == 50
    assert states.count(State.CONFIRMED) == 10
    assert states.count(State.WAITLISTED) == 40
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_are_recognised(place, request):
    session = SessionFactory(event__place=place, capacity=10)
    request.getfixturevalue("database_as_deployed")
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def register() -> None:
        try:
            barrier.wait(timeout=30)
            services.registration_create(
                session=session, name="Même personne", phone="06 12 34 56 78", consent=True, source="desk"
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(_states(session)) == 1
