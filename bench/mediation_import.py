"""Benchmark: import a 100,000-row activity file (CSV) into an empty place, all or nothing.

    VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/mediation_import.py [--rows 100000]

Target: under 60 s. The place and its activities are removed afterwards.
"""

import argparse
import csv
import io
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def build_file(rows: int) -> bytes:
    from relais.mediation.transfers import Col

    rng = random.Random(7)
    themes = ["E-mail", "Santé", "Bureautique", "Navigation sur internet", "Diagnostic numérique"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    headers = [
        Col.ID,
        Col.DATE,
        Col.KIND,
        Col.DURATION,
        Col.PLACE_TYPE,
        Col.THEMES,
        Col.EQUIPMENT,
        Col.LEVEL,
        Col.SEX,
        Col.AGE,
        Col.NOTES,
    ]
    writer.writerow(headers)
    for _index in range(rows):
        writer.writerow(
            [
                str(uuid.UUID(int=rng.getrandbits(128))),
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "Individuel",
                rng.choice([15, 30, 45, 60]),
                "Lieu d'activité",
                rng.choice(themes),
                "Ordinateur",
                f"{rng.randint(1, 3)}/3",
                rng.choice(["Féminin", "Masculin", "Non communiqué"]),
                rng.choice(["60 - 69 ans", "25 - 39 ans", "Non communiqué"]),
                "",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from relais.core.models import Organisation, Place
    from relais.mediation import transfers
    from relais.mediation.models import Activity

    organisation = Organisation.objects.first()
    place = Place.objects.create(
        organisation=organisation,
        slug=f"bench-{uuid.uuid4().hex[:8]}",
        name="Bench import",
        pivot=organisation.pivot,
        address="1 rue du Banc",
        postcode="51100",
        commune="Reims",
    )
    content = build_file(args.rows)
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        dataset = transfers.read_table(content, "bench.csv")
        read = time.perf_counter() - started
        report = transfers.import_activities(dataset, place=place, actor=None)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        assert report.is_valid and report.created == args.rows, (report.errors[:5], report.created)
        print(
            f"{args.rows:,} rows: read {read:.1f} s, checked and written in {total - read:.1f} s, "
            f"total {total:.1f} s (CPU time of this process {cpu:.1f} s; the rest is waiting for disk or CPU)"
        )
        started = time.perf_counter()
        again = transfers.import_activities(
            transfers.read_table(content, "bench.csv"), place=place, actor=None
        )
        print(
            f"re-import of the same file: {again.created} created, {again.skipped:,} skipped in "
            f"{time.perf_counter() - started:.1f} s"
        )
    finally:
        Activity.objects.filter(place=place).delete()
        place.delete()


if __name__ == "__main__":
    main()
