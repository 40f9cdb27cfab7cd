"""Synthetic load data in bulk, distributed like the demo network's, for benchmarks at national scale."""

import datetime
import random
from collections import defaultdict

from django.db import transaction

from relais.core.models import Membership, Place
from relais.mediation.models import Activity, Beneficiary, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    MEDIATION_THEMES,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    age_bracket_for,
)

FIRST_NAMES = ["Marie", "Jean", "Fatima", "Karim", "Léa", "Michel", "Aïcha", "Bernard", "Inès", "Lucas"]
COMMUNES = [
    ("51454", "Reims"),
    ("51573", "Tinqueux"),
    ("51230", "Cormontreuil"),
    ("51612", "Witry-lès-Reims"),
]
WORKSHOPS = [
    ("Premiers pas sur la tablette", ["prendre_en_main_du_materiel"]),
    ("Bien utiliser sa messagerie", ["email"]),
    ("Se protéger des arnaques", ["securite_numerique"]),
    ("Découvrir le tableur", ["bureautique"]),
]
SOURCE = "load-data"
BATCH = 20_000


def _authors() -> dict[int, list[int]]:
    by_place = defaultdict(list)
    memberships = Membership.objects.filter(role__in=["mediator", "admin"], place__isnull=False)
    for place_id, user_id in memberships.values_list("place_id", "user_id"):
        by_place[place_id].append(user_id)
    return by_place


def _people(places, total: int, rng: random.Random, year: int) -> dict[int, list[int]]:
    result = {place.pk: [] for place in places}
    for start in range(0, total, BATCH):
        batch = []
        for index in range(start, min(total, start + BATCH)):
            place = places[index % len(places)]
            birth = rng.randint(1938, 2008)
            insee, commune = rng.choice(COMMUNES)
            person = Beneficiary(
                place=place,
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"Charge{index}",
                birth_year=birth,
                age_bracket=age_bracket_for(birth, year),
                sex=rng.choice([Sex.FEMININ, Sex.MASCULIN]),
                social_status=rng.choice(SocialStatus.values),
                commune_insee=insee,
                commune_name=commune,
                import_key=SOURCE,
            )
            person.search_text = person.build_search_text()
            batch.append(person)
        with transaction.atomic():
            for person in Beneficiary.objects.bulk_create(batch, batch_size=5000):
                result[person.place_id].append(person.pk)
    return result


def generate(
    *, activities: int, beneficiaries: int, today: datetime.date, seed: int = 1, days: int = 3 * 365
) -> int:
    """Create `activities` activities (about 12 % workshops) and `beneficiaries` files over the places."""
    places = list(Place.objects.order_by("pk"))
    rng = random.Random(seed)
    people = _people(places, beneficiaries, rng, today.year)
    authors = _authors()
    tags = defaultdict(list)
    for tag in Tag.objects.filter(place__in=places):
        tags[tag.place_id].append(tag.pk)
    weights = [rng.uniform(0.3, 2.0) for _place in places]
    created = 0
    while created < activities:
        size = min(BATCH, activities - created)
        batch, followed, tagged = [], [], []
        for _index in range(size):
            place = rng.choices(places, weights=weights)[0]
            activity, participants, tag = _activity(place, people[place.pk], authors, tags, rng, today, days)
            batch.append(activity)
            followed.append(participants)
            tagged.append(tag)
        with transaction.atomic():
            saved = Activity.objects.bulk_create(batch, batch_size=5000)
            links = [
                Activity.participants.through(activity_id=activity.pk, beneficiary_id=person)
                for activity, group in zip(saved, followed, strict=True)
                for person in group
            ]
            Activity.participants.through.objects.bulk_create(links, batch_size=5000)
            tag_links = [
                Activity.tags.through(activity_id=activity.pk, tag_id=tag)
                for activity, tag in zip(saved, tagged, strict=True)
                if tag
            ]
            Activity.tags.through.objects.bulk_create(tag_links, batch_size=5000)
        created += size
    return created


def _activity(place, people, authors, tags, rng, today, days):
    day = today - datetime.timedelta(days=rng.randrange(days))
    author = rng.choice(authors[place.pk]) if authors.get(place.pk) else None
    activity = Activity(
        place=place,
        author_id=author,
        date=day,
        place_type=rng.choices(PlaceType.values, weights=[85, 5, 8, 2])[0],
        equipment=[rng.choice([Equipment.ORDINATEUR, Equipment.TELEPHONE, Equipment.TABLETTE])],
        location_commune_name=place.commune,
        source_label=SOURCE,
    )
    if rng.random() < 0.12:
        title, themes = rng.choice(WORKSHOPS)
        group = rng.sample(people, min(len(people), rng.randint(1, 4)))
        anonymous = rng.randint(2, 8)
        females = rng.randint(0, anonymous)
        activity.kind = "collective"
        activity.duration = rng.choice([90, 120, 120])
        activity.themes = themes
        activity.workshop_title = title
        activity.anonymous_participants = {
            "total": anonymous,
            "already_helped": rng.randint(0, anonymous),
            "sex": {"feminin": females, "masculin": anonymous - females},
        }
        activity.participant_count = anonymous + len(group)
        return activity, group, None
    activity.kind = "individual"
    activity.duration = rng.choice([15, 30, 30, 30, 45, 60, 60, 90])
    if rng.random() < 0.3:
        activity.themes = ["aide_aux_demarches_administratives", rng.choice(ADMINISTRATIVE_THEMES[:7])]
    else:
        activity.themes = sorted(rng.sample(MEDIATION_THEMES[:-1], rng.choice([1, 1, 2])))
    activity.autonomy = rng.choice(Autonomy.values)
    if people and rng.random() < 0.55:
        activity.beneficiary_id = rng.choice(people)
        activity.sex = rng.choice([Sex.FEMININ, Sex.MASCULIN])
        activity.age_bracket = rng.choice(AgeBracket.values[:-1])
    else:
        activity.already_helped = rng.random() < 0.3
        activity.sex = rng.choice(Sex.values)
        activity.age_bracket = rng.choice(AgeBracket.values)
    activity.social_status = rng.choice(SocialStatus.values)
    if rng.random() < 0.12:
        activity.referred = True
        activity.referral_structure = rng.choice(ReferralStructure.values)
    tag = rng.choice(tags[place.pk]) if tags.get(place.pk) and rng.random() < 0.15 else None
    return activity, [], tag
