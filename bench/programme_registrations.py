"""Benchmark: registrations racing for the seats of one session, through the real service.

    VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/programme_registrations.py [--people 200] [--seats 40]
    DATABASE_URL=postgres://… DEBUG=1 python bench/programme_registrations.py

Measures (1) sequential registrations per second and (2) `--threads` threads registering `--people`
people for `--seats` seats at once. The session must end with exactly `--seats` confirmed and the rest
on the waiting list, with no error. The place, event and registrations are removed afterwards.
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
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--threads", type=int, default=20)
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from relais.core.models import Organisation, Place
    from relais.programme import services
    from relais.programme.models import Registration, Session

    tag = uuid.uuid4().hex[:8]
    organisation = Organisation.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", pivot="W513009999")
    place = Place.objects.create(
        organisation=organisation,
        slug=f"bench-{tag}",
        name="Bench",
        pivot="W513009999",
        address="1 rue du Banc",
        postcode="51100",
        commune="Reims",
        is_visible=False,
    )
    try:
        event = services.event_create(place=place, title="Bench", actor=None, themes=["email"])
        start = timezone.now() + timedelta(days=3)

        def new_session(capacity):
            return services.session_create(
                event=event, actor=None, start_at=start, end_at=start + timedelta(hours=2), capacity=capacity
            )[0]

        sequential = new_session(None)
        began = time.perf_counter()
        for index in range(arguments.people):
            services.registration_create(
                session=sequential, name=f"P{index}", phone=f"+3361{index:07d}", consent=True, source="desk"
            )
        elapsed = time.perf_counter() - began
        print(f"sequential: {arguments.people / elapsed:.0f} registrations/s ({connection.vendor})")

        raced = new_session(arguments.seats)
        errors, queue, lock = [], list(range(arguments.people)), threading.Lock()

        def worker():
            try:
                while True:
                    with lock:
                        if not queue:
                            return
                        index = queue.pop()
                    try:
                        services.registration_create(
                            session=raced,
                            name=f"R{index}",
                            phone=f"+3362{index:07d}",
                            consent=True,
                            source="desk",
                        )
                    except Exception as error:  # counted and reported below
                        errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(arguments.threads)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        states = list(Registration.objects.filter(session=raced).values_list("state", flat=True))
        confirmed, waitlisted = states.count("confirmed"), states.count("waitlisted")
        print(
            f"concurrent: {arguments.people} people, {arguments.threads} threads, {arguments.seats} seats -> "
            f"{confirmed} confirmed, {waitlisted} waitlisted, {len(errors)} errors, "
            f"{arguments.people / elapsed:.0f} registrations/s"
        )
        if confirmed != arguments.seats or waitlisted != arguments.people - arguments.seats or errors:
            print("FAILED: capacity not respected", errors[:3])
            sys.exit(1)
    finally:
        Session.objects.filter(place=place).delete()
        place.delete()
        organisation.delete()


if __name__ == "__main__":
    main()
