"""Benchmark: the upkeep of one place and month of summaries (what the worker does after an edit).

Run against a database filled as `bench/stats_scale_postgres.py` says (or the SQLite one of
`bench/stats_dashboard.py`), with the same environment:

    python bench/stats_month_upkeep.py [--month 2026-10]

It rebuilds the busiest place's month as it is, then after moving one followed person's activity by a
day, then after moving it back (so the database ends as it began), and prints each time and the
peak memory. Measured with 10,000,000 activities on PostgreSQL (a place-month of 102,624 activities,
far more than any real place): 11 to 13 s each, 397 MB; the people grid part is now the few
beneficiaries whose rows changed (it was 130 s when every beneficiary of the month was recomputed).
"""

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--month", type=datetime.date.fromisoformat, default=None, help="first day of the month"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db.models import Count

    from relais.mediation.models import Activity
    from relais.stats import summaries
    from relais.stats.models import DirtyMonth

    month = args.month or summaries.month_of(datetime.date.today() - datetime.timedelta(days=40))
    last = summaries.month_end(month)
    busiest = (
        Activity.objects.filter(date__range=(month, last))
        .values("place_id")
        .annotate(count=Count("id"))
        .order_by("-count")
        .first()
    )
    if busiest is None:
        sys.exit(f"no activity in {month:%Y-%m}")
    place, count = busiest["place_id"], busiest["count"]

    def upkeep(label: str) -> None:
        DirtyMonth.objects.get_or_create(place_id=place, month=month)
        started = time.monotonic()
        summaries.refresh_dirty()
        elapsed = time.monotonic() - started
        print(f"place {place}, {month:%Y-%m} ({count:,} activities), {label}: {elapsed:.1f} s")

    upkeep("unchanged")
    activity = (
        Activity.objects.filter(place_id=place, date__range=(month, last - datetime.timedelta(days=1)))
        .exclude(beneficiary=None)
        .first()
    )
    if activity is not None:
        Activity.objects.filter(pk=activity.pk).update(date=activity.date + datetime.timedelta(days=1))
        upkeep("one followed person's activity moved a day")
        Activity.objects.filter(pk=activity.pk).update(date=activity.date)
        upkeep("moved back")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
