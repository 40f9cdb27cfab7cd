"""Benchmark: regenerating the open data built-in datasets on a large activity log.

    VAR_DIR=/tmp/relais-bench DEBUG=1 python bench/opendata_publication.py [--activities 200000] [--places 50]
    DATABASE_URL=postgres://… DEBUG=1 python bench/opendata_publication.py

Creates places and anonymous activities spread over 24 months and 19 themes, then times (1) the
k-anonymised statistics (month × place × theme, cells under 5 people removed), (2) the places export
validated with frictionless against the national schema, and (3) the DCAT catalogue. Targets: the
statistics of 200,000 activities under 60 s, the places file under 10 s. Everything created is removed.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--places", type=int, default=50)
    arguments = parser.parse_args()

    import django

    django.setup()
    from relais.core.models import Organisation, Place
    from relais.knowledge.vocabularies import THEMES
    from relais.mediation.models import Activity
    from relais.mediation.vocabularies import ActivityKind
    from relais.opendata import activity, metadata, services
    from relais.opendata.models import Dataset

    rng = random.Random(7)
    organisation = Organisation.objects.create(name="Bench", slug="bench-opendata", pivot="W513009999")
    try:
        places = [
            Place.objects.create(
                organisation=organisation,
                slug=f"bench-opendata-{n}",
                name=f"Lieu banc {n}",
                pivot="W513009999",
                address="1 rue du Banc",
                postcode="51100",
                commune="Reims",
                insee_code="51454",
            )
            for n in range(arguments.places)
        ]
        themes = [code for code, _label in THEMES]
        start = datetime.date.today().replace(day=1) - datetime.timedelta(days=730)
        batch = []
        for _ in range(arguments.activities):
            batch.append(
                Activity(
                    kind=ActivityKind.INDIVIDUAL,
                    place=rng.choice(places),
                    duration=30,
                    date=start + datetime.timedelta(days=rng.randrange(720)),
                    themes=rng.sample(themes, rng.choice([1, 1, 2])),
                )
            )
            if len(batch) == 5000:
                Activity.objects.bulk_create(batch)
                batch = []
        Activity.objects.bulk_create(batch)

        began = time.perf_counter()
        cells = activity.activity_cells()
        statistics_seconds = time.perf_counter() - began
        began = time.perf_counter()
        services.publish_places()
        places_seconds = time.perf_counter() - began
        metadata.dcat_catalogue(Dataset.objects.published().prefetch_related("resources"))  # warm-up
        began = time.perf_counter()
        metadata.dcat_catalogue(Dataset.objects.published().prefetch_related("resources"))
        dcat_seconds = time.perf_counter() - began
        print(
            f"{arguments.activities} activities, {len(places)} places: statistics {statistics_seconds:.1f} s "
            f"({len(cells)} published cells), places file validated {places_seconds:.1f} s, "
            f"DCAT {dcat_seconds * 1000:.0f} ms"
        )
    finally:
        Activity.objects.filter(place__organisation=organisation).delete()
        Place.objects.filter(organisation=organisation).delete()
        organisation.delete()


if __name__ == "__main__":
    main()
