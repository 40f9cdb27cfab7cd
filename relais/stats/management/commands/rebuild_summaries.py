import resource
import time

from django.core.management.base import BaseCommand

from relais.stats.summaries import rebuild_all


class Command(BaseCommand):
    help = "Recompute the mediation indicator summaries from scratch (after a migration or a bulk load)."

    def handle(self, *args, **options):
        started = time.monotonic()
        read = rebuild_all()
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"summaries rebuilt from {read} activities in {time.monotonic() - started:.1f} s, "
            f"peak memory {memory:.0f} MB"
        )
