"""Benchmark: the indicators dashboard for one year and the whole network (median of N runs), and the PDF.

Fill a database first:

    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais migrate
    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais load_demo_data
    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais generate_load_data --activities 1000000

then run: VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/stats_dashboard.py [--runs 20]
(PostgreSQL: the same with DATABASE_URL set.) Targets: dashboard median under 300 ms on SQLite with
1,000,000 activities (500 ms on PostgreSQL with 10,000,000); PDF report under 5 s.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def timed(action, runs: int) -> list[float]:
    action()  # warm the caches once
    times = []
    for _run in range(runs):
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
    args = parser.parse_args()

    import logging

    import django

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from relais.accounts.models import User
    from relais.core.models import Place
    from relais.mediation.models import Activity
    from relais.stats.filters import StatsFilters, period_bounds
    from relais.stats.mediation import mediation_indicators
    from relais.stats.summaries import refresh_dirty

    user = User.objects.get(email=args.user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    refresh_dirty()
    start, end = period_bounds("last_12_months", timezone.localdate())
    network = StatsFilters(start=start, end=end, place_ids=list(Place.objects.values_list("pk", flat=True)))
    calendar = StatsFilters(
        start=start.replace(day=2), end=end, place_ids=network.place_ids
    )  # not aligned on months: partial months read from the activities
    year = {"period": "last_12_months"}
    print(f"{Activity.objects.count():,} activities, {len(network.place_ids)} places, {start} – {end}")
    report(
        "mediation indicators, 12 whole months, every place",
        timed(lambda: mediation_indicators(network), args.runs),
    )
    report(
        "mediation indicators, 12 months from the 2nd, every place",
        timed(lambda: mediation_indicators(calendar), args.runs),
    )
    themed = StatsFilters(start=start, end=end, place_ids=network.place_ids, theme="email")
    report(
        "mediation indicators filtered on a theme (read directly)",
        timed(lambda: mediation_indicators(themed), max(3, args.runs // 5)),
    )

    direct = mediation_indicators(network, direct=True)
    assert direct == mediation_indicators(network), "summaries and activities disagree"
    print("summaries give exactly the indicators computed from the activities (12 months, every place)")

    def page():
        response = client.get("/statistiques/", year)
        assert response.status_code == 200, response.status_code

    report("full dashboard page (mediation, programme, fablab)", timed(page, args.runs))

    def pdf():
        response = client.post("/statistiques/bilan.pdf?period=last_12_months", {"commentary": "Bilan"})
        assert response.content.startswith(b"%PDF")

    report("PDF activity report", timed(pdf, 3))
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
