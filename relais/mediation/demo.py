"""Demo data of the mediation desk: a year of accompaniments and workshops in the demo places."""

import datetime

from django.db import transaction

from relais.mediation import crcn
from relais.mediation.models import Activity, Assessment, Beneficiary, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    AUTONOMY_SCORE,
    MEDIATION_THEMES,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    WorkshopLevel,
    age_bracket_for,
)

SOURCE = "demo"
FIRST_NAMES = [
    ("Marie", "feminin"),
    ("Fatima", "feminin"),
    ("Nathalie", "feminin"),
    ("Josiane", "feminin"),
    ("Aïcha", "feminin"),
    ("Monique", "feminin"),
    ("Sophie", "feminin"),
    ("Inès", "feminin"),
    ("Chantal", "feminin"),
    ("Léa", "feminin"),
    ("Jean", "masculin"),
    ("Mohamed", "masculin"),
    ("Bernard", "masculin"),
    ("Karim", "masculin"),
    ("Michel", "masculin"),
    ("Thierry", "masculin"),
    ("Youssef", "masculin"),
    ("Gérard", "masculin"),
    ("Lucas", "masculin"),
    ("Mamadou", "masculin"),
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Benali",
    "Mercier",
    "Diallo",
    "Blanc",
    "Guerin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Traoré",
    "Lambert",
]
COMMUNES = [("51454", "Reims")] * 6 + [("51573", "Tinqueux"), ("51055", "Bétheny"), ("51172", "Cormontreuil")]
WORKSHOPS = [
    ("Premiers pas sur l'ordinateur", ["prendre_en_main_du_materiel"], WorkshopLevel.DEBUTANT),
    ("Bien utiliser sa boîte e-mail", ["email"], WorkshopLevel.DEBUTANT),
    ("Se protéger des arnaques en ligne", ["securite_numerique"], WorkshopLevel.INTERMEDIAIRE),
    ("Mon espace santé et Ameli", ["sante"], WorkshopLevel.INTERMEDIAIRE),
    (
        "Découvrir l'intelligence artificielle",
        ["intelligence_artificielle", "culture_numerique"],
        WorkshopLevel.AVANCE,
    ),
    (
        "Traitement de texte : le CV",
        ["bureautique", "insertion_professionnelle"],
        WorkshopLevel.INTERMEDIAIRE,
    ),
    (
        "Smartphone : photos et applications",
        ["prendre_en_main_du_materiel", "gere_ses_contenus_numeriques"],
        WorkshopLevel.DEBUTANT,
    ),
]
PROCEDURES = {
    "social_sante": "Dossier RSA sur caf.fr",
    "argent_impots": "Déclaration de revenus en ligne",
    "papiers_elections_citoyennete": "Pré-demande de carte d'identité (ANTS)",
    "travail_formation": "Inscription à France Travail",
    "logement": "Demande d'aide au logement",
    "famille_scolarite": "Inscription à la cantine",
    "transports_mobilite": "Certificat Crit'Air",
}
# place slug → (share of activities, mostly administrative)
PLACES = {
    "epn-croix-rouge": (0.35, False),
    "mediatheque-jean-falala": (0.2, False),
    "france-services-tinqueux": (0.3, True),
    "tiers-lieu-la-passerelle": (0.1, False),
    "fablab-la-fabrique": (0.05, False),
}
ACTIVITIES = 3200


def load(demo) -> str:
    if Activity.objects.filter(source_label=SOURCE).exists():
        return (
            f"mediation: already loaded ({Activity.objects.filter(source_label=SOURCE).count()} activities)"
        )
    with transaction.atomic():
        return _load(demo)


def _authors(demo, slug):
    if slug in {"epn-croix-rouge", "mediatheque-jean-falala"}:
        return demo.users["mediator"]
    if slug == "fablab-la-fabrique":
        return demo.users["fabmanager"]
    return demo.users["admin"]


def _load(demo) -> str:
    rng = demo.rng
    tags = {
        "pass": Tag.objects.get_or_create(
            organisation=demo.network, name="Pass numérique", defaults={"description": "Chèques APTIC"}
        )[0],
        "caf": Tag.objects.get_or_create(
            place=demo.places["france-services-tinqueux"], name="Permanence CAF"
        )[0],
        "seniors": Tag.objects.get_or_create(place=demo.places["epn-croix-rouge"], name="Seniors connectés")[
            0
        ],
    }
    people = {}
    for slug in PLACES:
        place = demo.places[slug]
        created = []
        for _index in range(int(300 * PLACES[slug][0]) + 10):
            first, sex = rng.choice(FIRST_NAMES)
            insee, commune = rng.choice(COMMUNES)
            birth = rng.randint(1938, 2008)
            person = Beneficiary(
                place=place,
                first_name=first,
                last_name=rng.choice(LAST_NAMES),
                phone=f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
                birth_year=birth,
                age_bracket=age_bracket_for(birth, demo.today.year),
                sex=sex,
                social_status=rng.choice(SocialStatus.values),
                commune_insee=insee,
                commune_name=commune,
            )
            person.search_text = person.build_search_text()
            created.append(person)
        people[slug] = Beneficiary.objects.bulk_create(created)
    activities, participant_links, tag_links, visits = [], [], [], {}
    start = demo.today - datetime.timedelta(days=365)
    for _index in range(ACTIVITIES):
        slug = rng.choices(list(PLACES), weights=[share for share, _admin in PLACES.values()])[0]
        administrative = PLACES[slug][1]
        day = start + datetime.timedelta(days=rng.randint(0, 364))
        while day.weekday() == 6:
            day -= datetime.timedelta(days=1)
        place = demo.places[slug]
        author = _authors(demo, slug)
        activity = Activity(
            place=place,
            author=author,
            date=day,
            place_type=rng.choices(PlaceType.values, weights=[85, 5, 8, 2])[0],
            equipment=[rng.choice([Equipment.ORDINATEUR, Equipment.TELEPHONE, Equipment.TABLETTE])],
            source_label=SOURCE,
        )
        if rng.random() < 0.12 and not administrative:
            title, themes, level = rng.choice(WORKSHOPS)
            followed = rng.sample(people[slug], rng.randint(1, 4))
            anonymous = rng.randint(2, 8)
            females = rng.randint(0, anonymous)
            activity.kind = "collective"
            activity.duration = rng.choice([90, 120, 120])
            activity.themes = themes
            activity.workshop_title = title
            activity.level = level
            activity.anonymous_participants = {
                "total": anonymous,
                "already_helped": rng.randint(0, anonymous),
                "sex": {"feminin": females, "masculin": anonymous - females},
                "age_bracket": {
                    "soixante_soixante_neuf": anonymous // 2,
                    "soixante_dix_plus": anonymous // 4,
                },
            }
            activity.participant_count = anonymous + len(followed)
            activities.append((activity, followed, None))
            continue
        activity.kind = "individual"
        activity.duration = rng.choice([15, 30, 30, 30, 45, 60, 60, 90])
        if administrative or rng.random() < 0.2:
            sub = rng.choice(ADMINISTRATIVE_THEMES[:7])
            activity.themes = ["aide_aux_demarches_administratives", sub]
            activity.procedure_name = PROCEDURES.get(sub, "")
        else:
            activity.themes = sorted(rng.sample(MEDIATION_THEMES[:-1], rng.choice([1, 1, 2])))
        person = rng.choice(people[slug]) if rng.random() < 0.55 else None
        count = visits.get(person.pk, 0) if person else 0
        level = min(3, 1 + count // 2 + (1 if rng.random() < 0.2 else 0))
        activity.autonomy = [code for code, score in AUTONOMY_SCORE.items() if score == level][0]
        if person:
            visits[person.pk] = count + 1
            activity.beneficiary = person
            activity.age_bracket = age_bracket_for(person.birth_year, day.year)
            activity.sex, activity.social_status = person.sex, person.social_status
            activity.commune_insee, activity.commune_name = person.commune_insee, person.commune_name
        else:
            activity.already_helped = rng.random() < 0.3
            activity.sex = rng.choice(Sex.values)
            activity.age_bracket = rng.choice(AgeBracket.values)
        if rng.random() < 0.12:
            activity.referred = True
            activity.referral_structure = rng.choice(ReferralStructure.values)
        tag = tags["caf"] if administrative and rng.random() < 0.4 else None
        if tag is None and rng.random() < 0.1:
            tag = tags["pass"]
        activities.append((activity, [], tag))
    # Autonomy should rise along each person's visits: order them by date before numbering.
    _order_autonomy([a for a, _f, _t in activities if a.beneficiary_id or a.beneficiary])
    created = Activity.objects.bulk_create([a for a, _f, _t in activities], batch_size=1000)
    for activity, (_a, followed, tag) in zip(created, activities, strict=True):
        participant_links += [
            Activity.participants.through(activity_id=activity.pk, beneficiary_id=p.pk) for p in followed
        ]
        if tag:
            tag_links.append(Activity.tags.through(activity_id=activity.pk, tag_id=tag.pk))
    Activity.participants.through.objects.bulk_create(participant_links, batch_size=1000)
    Activity.tags.through.objects.bulk_create(tag_links, batch_size=1000)
    _set_last_activity()
    assessments = _assessments(demo, people)
    total_people = sum(len(group) for group in people.values())
    return f"{len(created)} activities, {total_people} beneficiaries, {assessments} assessments"


def _order_autonomy(activities: list[Activity]) -> None:
    by_person: dict[int, list[Activity]] = {}
    for activity in activities:
        by_person.setdefault(activity.beneficiary.pk, []).append(activity)
    codes = [Autonomy.ENTIEREMENT_ACCOMPAGNE, Autonomy.PARTIELLEMENT_AUTONOME, Autonomy.AUTONOME]
    for group in by_person.values():
        levels = sorted(AUTONOMY_SCORE[a.autonomy] for a in group)
        for activity, level in zip(sorted(group, key=lambda a: a.date), levels, strict=True):
            activity.autonomy = codes[level - 1]


def _set_last_activity() -> None:
    from django.db.models import Max

    latest = dict(
        Activity.objects.filter(source_label=SOURCE, beneficiary__isnull=False)
        .values("beneficiary_id")
        .annotate(last=Max("date"))
        .values_list("beneficiary_id", "last")
    )
    for pk, last in (
        Activity.participants.through.objects.filter(activity__source_label=SOURCE)
        .values("beneficiary_id")
        .annotate(last=Max("activity__date"))
        .values_list("beneficiary_id", "last")
    ):
        latest[pk] = max(latest.get(pk, last), last)
    people = list(Beneficiary.objects.filter(pk__in=latest))
    for person in people:
        person.last_activity_on = latest[person.pk]
    Beneficiary.objects.bulk_update(people, ["last_activity_on"], batch_size=1000)


def _assessments(demo, people) -> int:
    rng = demo.rng
    rows = []
    chosen = rng.sample(people["epn-croix-rouge"], 15) + rng.sample(people["mediatheque-jean-falala"], 10)
    for person in chosen:
        base = {c.code: rng.randint(0, 2) for c in crcn.COMPETENCES}
        for step in range(rng.choice([1, 2, 2, 3])):
            answers = {}
            for code, value in base.items():
                level = min(4, value + step)
                answers[code] = ["yes"] * level + ["no"] * (4 - level)
                if level == 1 and rng.random() < 0.5:
                    answers[code] = ["with_help", "no", "no", "no"]
            rows.append(
                Assessment(
                    place=person.place,
                    beneficiary=person,
                    author=_authors(demo, person.place.slug),
                    taken_on=demo.today - datetime.timedelta(days=300 - 120 * step),
                    answers=answers,
                    levels={code: crcn.level_from_answers(values) for code, values in answers.items()},
                )
            )
    Assessment.objects.bulk_create(rows)
    return len(rows)
