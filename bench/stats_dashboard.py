"""Benchmark: the indicators of one year and the whole network (median of N runs), with the theme,
tag and custom-period cases, the full dashboard page, the PDF report and the memory used.

Fill a database first (VAR_DIR is where the SQLite file goes):

    VAR_DIR=var/bench DEBUG=1 python -m relais migrate
    VAR_DIR=var/bench DEBUG=1 python -m relais load_demo_data
    VAR_DIR=var/bench DEBUG=1 python -m relais generate_load_data --activities 1000000

then run: VAR_DIR=var/bench DEBUG=1 python bench/stats_dashboard.py [--runs 20] [--no-check]
(PostgreSQL: the same with DATABASE_URL set). Every case is also counted once directly from the
activities, untimed, to check that the summaries agree (--no-check skips that slow part). Targets:
dashboard median under 300 ms on SQLite with 1,000,000 activities (500 ms on PostgreSQL with
10,000,000); PDF report under 5 s. The process loads as a served worker does (`config.wsgi`).

A national network: add `--places 2000` to the generator (`--no-summaries`, then `relais
rebuild_summaries`). Measured on a 2-core machine, SQLite, 1,003,215 activities, 2,005 places
(`--runs 9 --no-check`, medians): mediation figures of the whole network 96 ms uncached (17 ms
cached), one place 14 ms, one mediator 47 ms, theme or tag 66 ms, periods cutting months with
activity in the days left out 300–480 ms; full dashboard page 239 ms (157 ms with cached figures);
whole table of places 210 ms; PDF report 1.4 s; 4.6 MB allocated for one page.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def timed(action, runs: int, before=None) -> list[float]:
    """Milliseconds of each run after a warm-up; `before` runs untimed before each (to clear a cache)."""
    action()  # warm the caches once
    times = []
    for _run in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    print(
        f"{label:55} median {statistics.median(times):8.1f} ms   "
        f"p90 {ordered[int(len(ordered) * 0.9)]:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--user", default="coordination@demo.relais.test")
    parser.add_argument(
        "--check", action=argparse.BooleanOptionalAction, default=True, help="compare with a direct count"
    )
    args = parser.parse_args()

    import logging

    import django

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    import config.wsgi  # noqa: F401  (loads as a served worker does, freezing what is loaded)
    from relais.accounts.models import User
    from relais.core.models import Place
    from relais.mediation.models import Activity, Tag
    from relais.stats.filters import StatsFilters, period_bounds
    from relais.stats.mediation import mediation_indicators
    from relais.stats.summaries import refresh_dirty

    user = User.objects.get(email=args.user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    refresh_dirty()
    start, end = period_bounds("last_12_months", timezone.localdate())
    places = list(Place.objects.values_list("pk", flat=True))
    tag = Tag.objects.filter(activities__isnull=False).values_list("pk", flat=True).first()
    author = Activity.objects.filter(place_id=places[0]).values_list("author_id", flat=True).first()
    mid = start.replace(day=15)
    cases = [
        ("12 whole months, every place", StatsFilters(start=start, end=end, place_ids=places)),
        (
            "12 months from the 2nd (partial months)",
            StatsFilters(start=start.replace(day=2), end=end, place_ids=places),
        ),
        (
            "15th to 14th (two half months)",
            StatsFilters(
                start=mid, end=mid.replace(year=mid.year + 1) - datetime.timedelta(days=1), place_ids=places
            ),
        ),
        ("12 months, one place", StatsFilters(start=start, end=end, place_ids=places[:1])),
        (
            "12 months, individual only",
            StatsFilters(start=start, end=end, place_ids=places, kind="individual"),
        ),
        ("12 months, one mediator", StatsFilters(start=start, end=end, place_ids=places, author=author)),
        ("12 months, theme filter", StatsFilters(start=start, end=end, place_ids=places, theme="email")),
        ("12 months, tag filter", StatsFilters(start=start, end=end, place_ids=places, tag=tag)),
        (
            "from the 2nd, theme and tag filters",
            StatsFilters(start=start.replace(day=2), end=end, place_ids=places, theme="email", tag=tag),
        ),
    ]
    print(f"{Activity.objects.count():,} activities, {len(places)} places, {start} – {end}")
    for label, filters in cases:
        action = lambda f=filters: mediation_indicators(f)  # noqa: E731
        report(f"mediation indicators, {label}", timed(action, args.runs, before=cache.clear))
        report("    the same, cached", timed(action, args.runs))
    if args.check:
        for label, filters in cases:
            assert mediation_indicators(filters, direct=True) == mediation_indicators(filters), label
        print("summaries give exactly the indicators computed from the activities, in every case above")

    def page_of(url, query):
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code

    def page(query):
        page_of("/statistiques/", query)

    year = {"period": "last_12_months"}
    custom = {"period": "custom", "start": mid.isoformat(), "end": end.isoformat(), "theme": "email"}
    for label, query in (("", year), (", custom period and theme", custom)):
        action = lambda q=query: page(q)  # noqa: E731
        report(f"full dashboard page{label}", timed(action, args.runs, before=cache.clear))
        report("    the same, cached mediation figures", timed(action, args.runs))
    whole = lambda: page_of("/statistiques/tableau/place/", year)  # noqa: E731
    report("whole table of places, first page", timed(whole, args.runs, before=cache.clear))
    cache.clear()
    tracemalloc.start()
    page(year)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    print(f"Python memory allocated at the peak of one dashboard page: {peak:.1f} MB")
    tracemalloc.stop()

    def pdf():
        response = client.post("/statistiques/bilan.pdf?period=last_12_months", {"commentary": "Bilan"})
        assert response.content.startswith(b"%PDF")

    report("PDF activity report", timed(pdf, 3))
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
