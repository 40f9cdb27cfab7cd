import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from relais.core.models import Place
from relais.stats.generator import generate
from relais.stats.summaries import rebuild_all


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic activities and beneficiaries in bulk, then rebuild the summaries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, required=True)
        parser.add_argument("--beneficiaries", type=int, default=None, help="Default: activities / 10.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=3 * 365, help="Spread the dates over this many days.")
        parser.add_argument(
            "--places", type=int, default=0, help="Add this many places (with their mediators) first."
        )
        parser.add_argument(
            "--no-summaries",
            action="store_true",
            help="Leave the summaries to a later `relais rebuild_summaries` (or the nightly rebuild).",
        )

    def handle(self, *args, activities, beneficiaries, seed, days, places, no_summaries, **options):
        if activities < 0 or places < 0 or (beneficiaries is not None and beneficiaries < 0):
            raise CommandError("counts must be positive")
        if not Place.objects.exists():
            raise CommandError("no place: load the demo data first (relais load_demo_data)")
        started = time.monotonic()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # Throw-away load data: no need to wait for the disk after every batch; a large page cache
            # keeps the indexes being filled in memory.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA cache_size = -524288")
        people = beneficiaries if beneficiaries is not None else activities // 10
        created = generate(
            activities=activities,
            beneficiaries=people,
            today=timezone.localdate(),
            seed=seed,
            days=days,
            places=places,
        )
        generated = time.monotonic() - started
        if not no_summaries:
            rebuild_all()
        total = time.monotonic() - started
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rate = created / generated if generated else 0
        self.stdout.write(
            f"{created} activities and {people} beneficiaries created in {generated:.1f} s "
            f"({rate:,.0f} activities/s); "
            + (
                "summaries left to rebuild; "
                if no_summaries
                else f"summaries rebuilt in {total - generated:.1f} s; "
            )
            + f"{total:.1f} s in all, peak memory {memory:.0f} MB"
        )
