import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from relais.core.models import Place
from relais.mediation.models import Activity, Beneficiary
from relais.mediation.vocabularies import MEDIATION_THEMES, AgeBracket, Autonomy, Sex, SocialStatus

FIRST = ["Marie", "Jean", "Fatima", "Karim", "Léa", "Michel", "Aïcha", "Bernard", "Inès", "Lucas"]
LAST = ["Martin", "Durand", "Petit", "Benali", "Moreau", "Diallo", "Leroy", "Garcia", "Roux", "Fournier"]


class Command(BaseCommand):
    help = "Create many synthetic activities (and beneficiaries) in bulk, for load tests and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--beneficiaries", type=int, default=None, help="Default: count / 10.")
        parser.add_argument("--place", action="append", help="Slug of a place (repeatable; default: all).")
        parser.add_argument("--days", type=int, default=3 * 365, help="Spread the dates over this many days.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, beneficiaries, place, days, seed, **options):
        places = list(Place.objects.filter(slug__in=place) if place else Place.objects.all())
        if not places:
            raise CommandError("no place: create places first (relais load_demo_data)")
        rng = random.Random(seed)
        started = time.monotonic()
        people = self._beneficiaries(places, beneficiaries if beneficiaries is not None else count // 10, rng)
        today = timezone.localdate()
        batch, created = [], 0
        themes = list(MEDIATION_THEMES)
        autonomy = [""] + list(Autonomy.values)
        for index in range(count):
            target = places[index % len(places)]
            person = rng.choice(people[target.pk]) if people[target.pk] and rng.random() < 0.5 else None
            batch.append(
                Activity(
                    kind="individual",
                    place=target,
                    date=today - datetime.timedelta(days=rng.randrange(days)),
                    duration=rng.choice((15, 30, 45, 60, 90)),
                    themes=[rng.choice(themes)],
                    beneficiary_id=person,
                    autonomy=rng.choice(autonomy),
                    age_bracket=rng.choice(AgeBracket.values),
                    sex=rng.choice(Sex.values),
                    social_status=rng.choice(SocialStatus.values),
                    source_label="generated",
                )
            )
            if len(batch) == 10_000:
                created += self._flush(batch)
                batch = []
        created += self._flush(batch)
        seconds = time.monotonic() - started
        total = sum(len(group) for group in people.values())
        self.stdout.write(f"{created} activities and {total} beneficiaries created in {seconds:.1f} s")

    def _flush(self, batch) -> int:
        with transaction.atomic():
            Activity.objects.bulk_create(batch, batch_size=5000)
        return len(batch)

    def _beneficiaries(self, places, total, rng) -> dict[int, list[int]]:
        result = {place.pk: [] for place in places}
        objects = []
        for index in range(total):
            target = places[index % len(places)]
            person = Beneficiary(
                place=target,
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}{index}",
                phone=f"+336{rng.randint(10000000, 99999999)}",
                birth_year=rng.randint(1940, 2008),
            )
            person.search_text = person.build_search_text()
            objects.append(person)
        with transaction.atomic():
            for person in Beneficiary.objects.bulk_create(objects, batch_size=5000):
                result[person.place_id].append(person.pk)
        return result
