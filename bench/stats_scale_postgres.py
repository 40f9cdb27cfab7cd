"""Benchmark at national scale on PostgreSQL: the weight of 10,000,000 activities and of their summaries.

Fill a dedicated database first (the generator writes with COPY; expect about 35 minutes and 12 GB):

    createdb relais_bench
    export DATABASE_URL=postgres://postgres@localhost/relais_bench DEBUG=1 VAR_DIR=var/bench-pg
    python -m relais migrate
    python -m relais load_demo_data
    /usr/bin/time -v python -m relais generate_load_data --activities 10000000 --beneficiaries 1000000

(the command prints the generation rate, the rebuild time and its peak memory; `time -v` adds the
wall-clock time and the maximum resident size). Then, with the same environment:

    python bench/stats_scale_postgres.py [--rebuild]   # row counts, table and database sizes, settings
    python bench/stats_dashboard.py --runs 10           # dashboard medians, cold and cached

`--rebuild` recomputes every summary from scratch and times it (the nightly job's cost). Figures depend
on the server's settings, printed first, and on what else runs on the machine.

Measured on a 2-core machine (PostgreSQL 15 with its default settings; other jobs ran at times):
generation of 1,000,000 beneficiaries and 10,000,000 activities in 590 s (17,000 activities/s, 150 MB)
with `--no-summaries`; then `--rebuild` in 1,566 s (26 min, its first 10 minutes beside other jobs;
peak 755 MB), of which about 9 minutes for the people grid; with executemany INSERTs instead of COPY
the rebuild read about 1,000 activities/s (about 3 hours). 12 GB in all, of which activities 5.7 GB and person
summaries 4.9 GB (21.5 million rows); the people grid holds about 400,000 rows (51 MB).
Dashboard, one year, whole network: the mediation figures take 34 ms uncached (median; followed, new
and autonomy progress read from the people grid instead of grouping 2.4 million person rows, which
took 2.4 s) and 6 ms cached; the full page 96 ms uncached; the PDF report 1.5 s. A period cutting
months (a custom period from the 2nd or the 15th) still groups the person rows: 1.75 s.

Measured again on 2026-12-07 with the organisation roll-ups (same data): generation 851 s, rebuild
1,795 s (peak 660 MB), 12.4 GB in all; whole network 24 ms, one mediator 14 ms (2.7 s before the
(author, place, date) index: finding the mediator's places was a DISTINCT over 1.7 million activities),
full page 87 ms (69 ms with cached figures), custom period and theme 961 ms, PDF 1.1 s, bench process
190 MB.

A national network, `generate_load_data --activities 1000000 --places 2000 --no-summaries` (2,005
places): `--rebuild` in 1,768 s (a CI run beside it; 794 MB), 10.3 GB in all, of which month cells 30
million rows (5.9 GB), the people grid 10.5 million rows (3.9 GB), the organisation roll-ups 1.5 million
cells and 60,488 grid rows. Dashboard (`bench/stats_dashboard.py --runs 7 --no-check`): whole network
119 ms uncached, full page 359 ms (280 ms with cached figures), PDF 1.5 s. With 10,000,000 activities
and 2,000 places the summaries passed 35 GB before the rebuild's cells were written (stopped after 45
minutes): the place-level rows grow with places × months × mediators.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SETTINGS = ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="time a rebuild of every summary")
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
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _setting(cursor, name: str) -> str:
    cursor.execute(f"SHOW {name}")
    return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
