"""Benchmark at national scale on PostgreSQL: the weight of 10,000,000 activities and of their summaries.

Fill a dedicated database first (the generator writes with COPY; expect tens of minutes and ~10 GB):

    createdb relais_bench
    export DATABASE_URL=postgres://postgres@localhost/relais_bench DEBUG=1 VAR_DIR=var/bench-pg
    python -m relais migrate
    python -m relais load_demo_data
    /usr/bin/time -v python -m relais generate_load_data --activities 10000000 --beneficiaries 1000000

(the command prints the generation rate, the rebuild time and its peak memory; `time -v` adds the
wall-clock time and the maximum resident size). Then, with the same environment:

    python bench/stats_scale_postgres.py [--rebuild]   # row counts, table and database sizes, settings
    python bench/stats_dashboard.py --runs 20           # dashboard medians (target: under 500 ms)

`--rebuild` recomputes every summary from scratch and times it (the nightly job's cost). `--cold N`
times the year's network indicators and dashboard page N times without the figures' cache
(stats_dashboard.py times cached figures after its warm-up run: this is the first view after a change).
Figures depend on the server's settings, printed first, and on what else runs on the machine.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="time a rebuild of every summary")
    parser.add_argument("--cold", type=int, default=0, help="runs of the dashboard with an empty cache")
    parser.add_argument("--user", default="coordination@demo.relais.test")
    args = parser.parse_args()

    import django

    django.setup()
    from django.apps import apps
    from django.db import connection

    from relais.stats.summaries import rebuild_all

    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database filled as the docstring says")
    with connection.cursor() as cursor:
        print(", ".join(f"{name} {_setting(cursor, name)}" for name in SETTINGS))
        if args.rebuild:
            started = time.monotonic()
            read = rebuild_all()
            print(f"summaries rebuilt from {read:,} activities in {time.monotonic() - started:.1f} s")
        tables = [model._meta.db_table for model in apps.get_app_config("mediation").get_models()]
        tables += [model._meta.db_table for model in apps.get_app_config("stats").get_models()]
        tables += ["mediation_activity_participants", "mediation_activity_tags"]
        for table in sorted(tables):
            cursor.execute(
                f"SELECT COUNT(*), pg_total_relation_size('{table}'), pg_indexes_size('{table}') FROM {table}"
            )
            rows, total, indexes = cursor.fetchone()
            print(
                f"{table:40} {rows:>12,} rows {total / 2**20:>9,.0f} MB (indexes {indexes / 2**20:,.0f} MB)"
            )
        cursor.execute("SELECT pg_database_size(current_database())")
        print(f"database size: {cursor.fetchone()[0] / 2**30:.2f} GB")
    if args.cold:
        _cold(args.cold, args.user)
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _cold(runs: int, email: str) -> None:
    from django.core.cache.backends.dummy import DummyCache
    from django.test import Client
    from django.utils import timezone
    from stats_dashboard import report, timed

    from relais.accounts.models import User
    from relais.core.models import Place
    from relais.stats import mediation
    from relais.stats.filters import StatsFilters, period_bounds
    from relais.stats.mediation import mediation_indicators

    start, end = period_bounds("last_12_months", timezone.localdate())
    network = StatsFilters(start=start, end=end, place_ids=list(Place.objects.values_list("pk", flat=True)))
    custom = StatsFilters(start=start.replace(day=2), end=end, place_ids=network.place_ids, theme="email")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=email))

    mediation.cache = DummyCache("cold", {})  # figures recomputed from the summaries at every run

    def page():
        assert client.get("/statistiques/", {"period": "last_12_months"}).status_code == 200

    for label, filters in (("12 whole months", network), ("from the 2nd, theme filter", custom)):
        report(
            f"cold: mediation indicators, {label}",
            timed(lambda f=filters: mediation_indicators(f), runs),
        )
    report("cold: full dashboard page, 12 months", timed(page, runs))


def _setting(cursor, name: str) -> str:
    cursor.execute(f"SHOW {name}")
    return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
