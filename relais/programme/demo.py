"""Demo programme: a catalogue, past sessions with attendance and survey answers, upcoming sessions with
registrations and a waiting list. Idempotent: an event that already exists is left as it is."""

import unicodedata
from datetime import datetime, time, timedelta

from django.utils import timezone

from relais.core.scoping import has_role
from relais.programme import services
from relais.programme.models import Event, Registration, Session, SurveyAnswer, Workshop
from relais.programme.views.common import MANAGE_ROLES

FIRST_NAMES = [
    "Nadia",
    "Jean-Pierre",
    "Fatou",
    "Monique",
    "Karim",
    "Sylvie",
    "Bernard",
    "Aïcha",
    "Gérard",
    "Léa",
    "Mamadou",
    "Josiane",
    "Thierry",
    "Yasmina",
    "Claude",
    "Inès",
    "Michel",
    "Chantal",
    "Rachid",
    "Odile",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Diallo",
    "Petit",
    "Haddad",
    "Roux",
    "Fontaine",
    "Mercier",
    "Nguyen",
    "Lambert",
    "Traoré",
    "Garnier",
    "Faure",
    "Benali",
    "Chevalier",
    "Robin",
    "Masson",
    "Leroy",
    "Girard",
    "Morel",
]

WORKSHOPS = {
    "epn-croix-rouge": [
        {
            "title": "Premiers pas sur l'ordinateur",
            "description": (
                "Allumer, utiliser la souris et le clavier, ouvrir un document : les bases, à votre rythme."
            ),
            "themes": ["prendre_en_main_du_materiel"],
            "competences": ["5.2"],
            "publics": ["Seniors"],
            "level": "debutant",
            "duration_minutes": 120,
            "default_capacity": 8,
        },
        {
            "title": "Déjouer les arnaques en ligne",
            "description": "Reconnaître un faux message, protéger ses mots de passe, savoir à qui signaler.",
            "themes": ["securite_numerique"],
            "competences": ["4.1", "4.2"],
            "publics": [],
            "level": "debutant",
            "duration_minutes": 90,
            "default_capacity": 12,
        },
    ],
    "mediatheque-jean-falala": [
        {
            "title": "Créer et utiliser son adresse e-mail",
            "description": "Créer une adresse, envoyer un message avec une pièce jointe, trier sa boîte.",
            "themes": ["email"],
            "competences": ["2.1"],
            "publics": ["Seniors"],
            "level": "debutant",
            "duration_minutes": 120,
            "default_capacity": 6,
        },
    ],
    "tiers-lieu-la-passerelle": [
        {
            "title": "CV et candidature en ligne",
            "description": "Mettre son CV en forme, créer son espace France Travail, postuler en ligne.",
            "themes": ["insertion_professionnelle"],
            "competences": ["3.1", "2.2"],
            "publics": ["Jeunes"],
            "level": "intermediaire",
            "duration_minutes": 150,
            "default_capacity": 10,
        },
    ],
    "fablab-la-fabrique": [
        {
            "title": "Formation découpe laser",
            "description": "Consignes de sécurité, préparation d'un fichier, réglages et première découpe.",
            "themes": ["creer_avec_le_numerique"],
            "competences": ["3.2"],
            "publics": [],
            "level": "debutant",
            "duration_minutes": 180,
            "default_capacity": 4,
        },
    ],
}


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _person(demo, index: int) -> dict:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    return {
        "name": f"{first} {last}",
        "phone": f"+336{demo.rng.randint(10000000, 99999999)}",
        "email": f"{_ascii(first)}.{_ascii(last)}{index}@exemple.fr" if index % 3 else "",
    }


def _past_session(
    demo, event: Event, start: datetime, minutes: int, capacity: int, mediator, offset: int
) -> Session:
    session = Session.objects.create(
        event=event,
        place=event.place,
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        capacity=capacity,
        registration_mode=event.registration_mode,
        survey_sent_at=start + timedelta(minutes=minutes),
    )
    session.facilitators.set([mediator])
    for index in range(capacity - demo.rng.randint(0, 2)):
        person = _person(demo, offset + index)
        came = demo.rng.random() < 0.8
        registration = Registration.objects.create(
            session=session,
            state=Registration.State.ATTENDED if came else Registration.State.NO_SHOW,
            consent=True,
            consent_at=start - timedelta(days=5),
            confirmed_at=start - timedelta(days=5),
            source=Registration.Source.DESK,
            registered_by=mediator,
            **person,
        )
        if came and demo.rng.random() < 0.7:
            satisfaction = demo.rng.choice([6, 7, 8, 8, 9, 9, 10, 10])
            SurveyAnswer.objects.create(
                registration=registration,
                session=session,
                satisfaction=satisfaction,
                goal_reached=demo.rng.choice(["yes", "yes", "yes", "partly", "no"]),
                recommendation=min(10, satisfaction + demo.rng.choice([-1, 0, 1])),
                comment=demo.rng.choice(
                    ["", "", "Très clair, merci !", "Un peu rapide pour moi.", "Super atelier."]
                ),
            )
    services.attendance_close(session=session, actor=mediator)
    return session


def _upcoming(demo, event: Event, first_day, hour: int, minutes: int, count: int, mediator, offset: int):
    start = _at(first_day, hour)
    sessions = services.session_create(
        event=event,
        actor=mediator,
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        facilitators=[mediator],
        frequency="weekly" if count > 1 else "",
        count=count if count > 1 else None,
    )
    for position, session in enumerate(sessions):
        capacity = session.capacity or 10
        wanted = capacity + 3 if position == 0 else demo.rng.randint(1, max(1, capacity - 2))
        for index in range(wanted):
            person = _person(demo, offset + position * 20 + index)
            services.registration_create(
                session=session,
                consent=True,
                actor=mediator,
                source=Registration.Source.DESK,
                **person,
            )
    return sessions


def load(demo) -> str:
    mediator = demo.users["mediator"]
    created_events = 0
    for slug, specs in WORKSHOPS.items():
        place = demo.places[slug]
        facilitator = demo.users["fabmanager"] if slug == "fablab-la-fabrique" else mediator
        if not has_role(facilitator, place, MANAGE_ROLES):
            # Someone who runs the place's programme, so the logged workshops stay readable by their author.
            facilitator = demo.users["admin"]
        for number, spec in enumerate(specs):
            workshop, _created = Workshop.objects.get_or_create(
                place=place, title=spec["title"], defaults=spec
            )
            if Event.objects.filter(place=place, title=workshop.title).exists():
                continue
            kind = Event.Kind.TRAINING if slug == "fablab-la-fabrique" else Event.Kind.WORKSHOP
            event = services.event_create(place=place, workshop=workshop, actor=facilitator, kind=kind)
            created_events += 1
            offset = (created_events * 97) % 400
            for weeks_ago in (3, 2, 1):
                day = demo.today - timedelta(days=7 * weeks_ago + number)
                _past_session(
                    demo,
                    event,
                    _at(day, 14),
                    workshop.duration_minutes,
                    workshop.default_capacity,
                    facilitator,
                    offset,
                )
                offset += 11
            _upcoming(
                demo,
                event,
                demo.today + timedelta(days=2 + number),
                14,
                workshop.duration_minutes,
                4,
                facilitator,
                offset,
            )
    if not Event.objects.filter(title="Café numérique : l'IA au quotidien").exists():
        place = demo.places["mediatheque-jean-falala"]
        event = services.event_create(
            place=place,
            title="Café numérique : l'IA au quotidien",
            description=(
                "Un débat ouvert à toutes et tous : que peut-on faire (ou pas) "
                "avec l'intelligence artificielle ?"
            ),
            kind=Event.Kind.DEBATE,
            themes=["intelligence_artificielle", "culture_numerique"],
            actor=mediator,
        )
        start = _at(demo.today + timedelta(days=9), 18)
        services.session_create(
            event=event, actor=mediator, start_at=start, end_at=start + timedelta(hours=2), capacity=30
        )
        created_events += 1
    return (
        f"{Event.objects.count()} events ({created_events} new), {Session.objects.count()} sessions, "
        f"{Registration.objects.count()} registrations"
    )
