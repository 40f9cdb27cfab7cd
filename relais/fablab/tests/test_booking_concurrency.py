"""Overlap is impossible: the database refuses it, whatever the timing of concurrent requests."""

import sqlite3
import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from conftest import make_user
from relais.fablab import services
from relais.fablab.models import Booking
from relais.fablab.rules import BookingRefused
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import AuthorisationFactory, BookingFactory

CONCURRENT_REQUESTS = 20


@pytest.fixture
def count_bookings(request):
    """Counts the bookings as the threads see them (in the SQLite file while the test runs)."""
    path = request.getfixturevalue("database_as_deployed")
    if path is None:
        return lambda: Booking.objects.count()

    def count() -> int:
        with sqlite3.connect(path) as reader:
            return reader.execute("SELECT COUNT(*) FROM fablab_booking").fetchone()[0]

    return count


def _book_concurrently(machine, users, start, end):
    barrier = threading.Barrier(len(users))
    outcomes = []
    lock = threading.Lock()

    def request(user):
        try:
            barrier.wait()
            services.booking_create(machine=machine, user=user, start=start, end=end, actor=user)
            outcome = "created"
        except BookingRefused as error:
            outcome = error.rule
        except Exception as error:  # noqa: BLE001  (any other failure must show in the assertion)
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=request, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_for_one_slot_make_exactly_one_booking(machine, frozen_now, request):
    users = [make_user(f"membre{number}@test.fr") for number in range(CONCURRENT_REQUESTS)]
    for user in users:
        AuthorisationFactory(user=user, machine=machine)
    count_bookings = request.getfixturevalue("count_bookings")

    outcomes = _book_concurrently(machine, users, at(3, 14), at(3, 15))

    assert sorted(outcomes) == ["created"] + ["overlap"] * (CONCURRENT_REQUESTS - 1)
    assert count_bookings() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_overlapping_slots_make_exactly_one_booking(machine, frozen_now, request):
    users = [make_user(f"membre{number}@test.fr") for number in range(CONCURRENT_REQUESTS)]
    for user in users:
        AuthorisationFactory(user=user, machine=machine)
    count_bookings = request.getfixturevalue("count_bookings")
    barrier = threading.Barrier(CONCURRENT_REQUESTS)
    outcomes = []

    def request(index):
        start = at(3, 14) + timedelta(minutes=2 * index)  # every pair of slots overlaps
        try:
            barrier.wait()
            services.booking_create(
                machine=machine,
                user=users[index],
                start=start,
                end=start + timedelta(hours=1),
                actor=users[index],
            )
            outcomes.append("created")
        except BookingRefused as error:
            outcomes.append(error.rule)
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(index,)) for index in range(CONCURRENT_REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("created") == 1
    assert outcomes.count("overlap") == CONCURRENT_REQUESTS - 1
    assert count_bookings() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only"
)
def test_database_refuses_overlap_written_without_the_service(machine, member):
    BookingFactory(machine=machine, user=member, start=at(3, 14), end=at(3, 16))

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(machine=machine, user=member, start=at(3, 15), end=at(3, 17))


def test_database_accepts_overlap_with_a_cancelled_booking(machine, member):
    BookingFactory(machine=machine, user=member, start=at(3, 14), end=at(3, 16), status="cancelled")

    Booking.objects.create(machine=machine, user=member, start=at(3, 15), end=at(3, 17))

    assert Booking.objects.count() == 2


def test_database_refuses_booking_ending_before_it_starts(machine, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(machine=machine, user=member, start=at(3, 16), end=at(3, 15))
