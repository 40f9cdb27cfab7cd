"""Benchmark: machine bookings through every server-side rule, under contention.

    VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/fablab_bookings.py [--bookings 2000] [--threads 20]
    DATABASE_URL=postgres://… DEBUG=1 python bench/fablab_bookings.py

Measures (1) sequential bookings per second, (2) N threads racing for the same slots — each slot must
end with exactly one booking and no error other than the named refusal — and (3) the time to compute a
week of free slots on a busy machine. Targets: ≥ 50 bookings/s sequentially, zero overlaps, free slots
under 50 ms. The place, machines, accounts and bookings are removed afterwards.
"""

import argparse
import os
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--slots", type=int, default=20, help="slots raced for by every thread")
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from relais.accounts.models import User
    from relais.core.models import Organisation, Place
    from relais.fablab import services
    from relais.fablab.models import Authorisation, Booking, Category, Machine
    from relais.fablab.rules import BookingRefused, free_intervals

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", pivot="W513009999")
    place = Place.objects.create(
        organisation=organisation,
        slug=f"bench-{tag}",
        name="Bench",
        pivot="W513009999",
        address="1 rue",
        postcode="51100",
        commune="Reims",
        opening_hours="24/7",
    )
    category = Category.objects.get(slug="imprimante-3d")
    machines = [
        Machine.objects.create(
            place=place,
            category=category,
            name=f"M{n}",
            slug=f"m{n}",
            safety_rules="Règle",
            booking_horizon_days=3650,
            weekly_quota_minutes=0,
            min_booking_minutes=30,
            max_booking_minutes=240,
        )
        for n in range(10)
    ]
    users = [User.objects.create_user(f"bench-{tag}-{n}@bench.test", None) for n in range(arguments.threads)]
    for user in users:
        Authorisation.objects.create(user=user, place=place, category=category, evidence="manual")
    base = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    try:
        started = time.perf_counter()
        for index in range(arguments.bookings):
            machine = machines[index % len(machines)]
            start = base + timedelta(hours=index // len(machines))
            services.booking_create(
                machine=machine,
                user=users[index % len(users)],
                actor=users[index % len(users)],
                start=start,
                end=start + timedelta(minutes=45),
            )
        sequential = time.perf_counter() - started
        print(
            f"sequential: {arguments.bookings} bookings in {sequential:.2f} s "
            f"({arguments.bookings / sequential:.0f}/s) on {connection.vendor}"
        )

        racing_machine = machines[0]
        race_base = base + timedelta(days=400)
        outcomes: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(arguments.threads)

        def race(user) -> None:
            from django.db import connection as thread_connection

            barrier.wait()
            for slot in range(arguments.slots):
                start = race_base + timedelta(hours=slot)
                try:
                    services.booking_create(
                        machine=racing_machine,
                        user=user,
                        actor=user,
                        start=start,
                        end=start + timedelta(hours=1),
                    )
                    result = "created"
                except BookingRefused as error:
                    result = error.rule
                except Exception as error:  # noqa: BLE001  (counted and printed: it must not happen)
                    result = f"error {type(error).__name__}: {error}"
                with lock:
                    outcomes.append(result)
            thread_connection.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=race, args=(user,)) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        contention = time.perf_counter() - started
        created = outcomes.count("created")
        errors = [outcome for outcome in outcomes if outcome.startswith("error")]
        per_slot = [
            Booking.objects.active()
            .filter(machine=racing_machine, start=race_base + timedelta(hours=slot))
            .count()
            for slot in range(arguments.slots)
        ]
        print(
            f"contention: {len(outcomes)} requests by {arguments.threads} threads in {contention:.2f} s; "
            f"{created} created, {outcomes.count('overlap')} refused (overlap), {len(errors)} errors; "
            f"bookings per slot: min {min(per_slot)}, max {max(per_slot)}"
        )
        for error in errors[:5]:
            print("  ", error)

        busy = machines[1]
        week_start = base
        started = time.perf_counter()
        rounds = 20
        for _round in range(rounds):
            slots = free_intervals(busy, week_start, week_start + timedelta(days=7))
        elapsed = (time.perf_counter() - started) / rounds
        print(
            f"free slots: a week of {busy.bookings.count()} bookings -> {len(slots)} free periods in "
            f"{elapsed * 1000:.1f} ms"
        )
    finally:
        Booking.objects.filter(machine__place=place).delete()
        Authorisation.objects.filter(place=place).delete()
        Machine.objects.filter(place=place).delete()
        User.objects.filter(email__startswith=f"bench-{tag}-").delete()
        place.delete()
        organisation.delete()


if __name__ == "__main__":
    main()
