"""Benchmark: first page of the filtered activity list and the beneficiary search (median of N runs).

Fill a database first, e.g.:

    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais migrate
    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais load_demo_data
    VAR_DIR=/tmp/relais-bench DEBUG=1 python -m relais generate_activities --count 1000000

then run: VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/mediation_list_search.py [--runs 30]
Target: median under 100 ms for each measure.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def timed(client, url: str, params: dict, runs: int) -> list[float]:
    times = []
    client.get(url, params)  # warm the caches once
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--user", default="mediation@demo.relais.test")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from relais.accounts.models import User
    from relais.mediation.models import Activity, Beneficiary

    user = User.objects.get(email=args.user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    today = timezone.localdate()
    print(f"{Activity.objects.count():,} activities, {Beneficiary.objects.count():,} beneficiaries")
    cases = [
        ("activity list, no filter", "/mediation/activites/", {}),
        (
            "activity list, period + kind + theme",
            "/mediation/activites/",
            {"start": today.replace(month=1, day=1).isoformat(), "kind": "individual", "theme": "email"},
        ),
        ("activity list, page 3", "/mediation/activites/", {"page": 3}),
        ("beneficiary search (name)", "/mediation/beneficiaires/", {"q": "martin"}),
        ("beneficiary search (name + number)", "/mediation/beneficiaires/", {"q": "durand12"}),
        ("beneficiary search (phone)", "/mediation/beneficiaires/", {"q": "0612"}),
        ("beneficiary picker of the entry form", "/mediation/beneficiaires/choix/", {"q": "leroy4"}),
    ]
    for label, url, params in cases:
        times = timed(client, url, params, args.runs)
        print(
            f"{label:45} median {statistics.median(times):7.1f} ms   "
            f"p90 {sorted(times)[int(len(times) * 0.9)]:7.1f} ms"
        )


if __name__ == "__main__":
    main()
