"""Demo data of the core: a French network, three organisations, five places and five accounts.

Every app may add its own demo data in `relais/<app>/demo.py` with `load(demo: DemoContext) -> str`
(returns a one-line summary); `relais load_demo_data` calls them in the order of INSTALLED_APPS.
Each loader must be idempotent: running the command twice changes nothing the second time.
"""

import importlib
import random
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from relais.accounts.models import User
from relais.core.models import Membership, Organisation, Place, Role

DEMO_PASSWORD = "relais-demo"  # noqa: S105  (documented demo credential; the README says to change it)
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, as django-otp stores it
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the same key, as authenticator apps want it

DEMO_ACCOUNTS = {
    "admin": ("admin@demo.relais.test", "Awa", "Diallo"),
    "coordinator": ("coordination@demo.relais.test", "Bertrand", "Lefèvre"),
    "mediator": ("mediation@demo.relais.test", "Camille", "Moreau"),
    "fabmanager": ("fablab@demo.relais.test", "Dounia", "Benali"),
    "volunteer": ("benevole@demo.relais.test", "Étienne", "Marchand"),
}


@dataclass
class DemoContext:
    network: Organisation
    organisations: dict[str, Organisation]
    places: dict[str, Place]
    users: dict[str, User]
    today: date = field(default_factory=timezone.localdate)
    rng: random.Random = field(default_factory=lambda: random.Random(20261128))


ORGANISATIONS = [
    # slug, name, pivot (valid SIRET/RNA), kind
    ("ville-de-reims", "Ville de Reims", "21510454800023", Organisation.Kind.MUNICIPALITY),
    ("association-les-connectes", "Association Les Connectés", "W513004567", Organisation.Kind.ASSOCIATION),
    (
        "cooperative-la-fabrique",
        "Coopérative La Fabrique du Coin",
        "83245617200028",
        Organisation.Kind.COMPANY,
    ),
]

PLACES = [
    {
        "slug": "epn-croix-rouge",
        "organisation": "ville-de-reims",
        "name": "Espace public numérique Croix-Rouge",
        "pivot": "21510454800023",
        "address": "4 rue Pierre Taittinger",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "latitude": "49.234970",
        "longitude": "4.001250",
        "typologies": ["MUNI"],
        "phone": "+33326771234",
        "emails": ["epn.croixrouge@demo.relais.test"],
        "opening_hours": "Tu-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:30",
        "summary": "Ordinateurs en accès libre, ateliers d'initiation et aide aux démarches en ligne.",
        "services": [
            "Maîtrise des outils numériques du quotidien",
            "Aide aux démarches administratives",
            "Accès internet et matériel informatique",
        ],
        "support_modes": ["En autonomie", "Accompagnement individuel", "Dans un atelier collectif"],
        "access_modes": ["Se présenter", "Téléphoner"],
        "fees": ["Gratuit"],
        "national_programmes": ["Conseillers numériques"],
        "itinerance": ["Fixe"],
    },
    {
        "slug": "mediatheque-jean-falala",
        "organisation": "ville-de-reims",
        "name": "Médiathèque Jean Falala",
        "pivot": "21510454800023",
        "address": "2 rue des Fuseliers",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "latitude": "49.253700",
        "longitude": "4.037900",
        "typologies": ["BIB"],
        "phone": "+33326358600",
        "emails": ["mediatheque@demo.relais.test"],
        "opening_hours": "Tu,Th,Fr 13:00-19:00; We,Sa 10:00-18:00",
        "summary": "Ateliers numériques pour tous les âges et permanences de médiation le samedi.",
        "services": [
            "Maîtrise des outils numériques du quotidien",
            "Loisirs et créations numériques",
            "Parentalité et éducation avec le numérique",
        ],
        "support_modes": ["Accompagnement individuel", "Dans un atelier collectif"],
        "access_modes": ["Se présenter", "Prendre un RDV en ligne"],
        "fees": ["Gratuit"],
        "national_programmes": ["Bibliothèques numérique de référence"],
        "itinerance": ["Fixe"],
    },
    {
        "slug": "fablab-la-fabrique",
        "organisation": "cooperative-la-fabrique",
        "name": "Fablab La Fabrique du Coin",
        "pivot": "83245617200028",
        "address": "17 rue de Vesle",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "latitude": "49.254500",
        "longitude": "4.026900",
        "typologies": ["TIERS_LIEUX"],
        "phone": "+33326409988",
        "emails": ["bonjour@demo.relais.test"],
        "opening_hours": "We-Fr 14:00-20:00; Sa 10:00-18:00",
        "summary": "Impression 3D, découpe laser, électronique : des machines et de l'aide pour fabriquer.",
        "services": ["Loisirs et créations numériques", "Compréhension du monde numérique"],
        "support_modes": ["En autonomie", "Dans un atelier collectif"],
        "access_modes": ["Se présenter", "Contacter par mail"],
        "fees": ["Gratuit sous condition", "Payant"],
        "itinerance": ["Fixe"],
    },
    {
        "slug": "tiers-lieu-la-passerelle",
        "organisation": "association-les-connectes",
        "name": "Tiers-lieu La Passerelle",
        "pivot": "W513004567",
        "address": "35 avenue de Laon",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "latitude": "49.265100",
        "longitude": "4.025200",
        "typologies": ["TIERS_LIEUX", "ASSO"],
        "phone": "+33326051122",
        "emails": ["contact@demo.relais.test"],
        "opening_hours": "Mo-Fr 09:30-17:30",
        "summary": "Café associatif, espace de coworking et accompagnement au numérique pour l'emploi.",
        "services": [
            "Insertion professionnelle via le numérique",
            "Utilisation sécurisée du numérique",
            "Acquisition de matériel informatique à prix solidaire",
        ],
        "support_modes": ["Accompagnement individuel", "Dans un atelier collectif", "À distance"],
        "access_modes": ["Se présenter", "Téléphoner", "Contacter par mail"],
        "fees": ["Gratuit"],
        "itinerance": ["Fixe"],
    },
    {
        "slug": "france-services-tinqueux",
        "organisation": "association-les-connectes",
        "name": "France Services Tinqueux",
        "pivot": "W513004567",
        "address": "1 place Jean Moulin",
        "postcode": "51430",
        "commune": "Tinqueux",
        "insee_code": "51573",
        "latitude": "49.250300",
        "longitude": "3.991600",
        "typologies": ["ASSO"],
        "phone": "+33326081010",
        "emails": ["franceservices@demo.relais.test"],
        "opening_hours": "Mo-Fr 08:30-12:00,13:30-17:00",
        "summary": "Aide aux démarches administratives en ligne : CAF, impôts, santé, retraite, emploi.",
        "services": ["Aide aux démarches administratives", "Utilisation sécurisée du numérique"],
        "support_modes": ["Accompagnement individuel", "À distance"],
        "access_modes": ["Se présenter", "Téléphoner", "Prendre un RDV en ligne"],
        "fees": ["Gratuit"],
        "national_programmes": ["France Services", "Aidants Connect"],
        "itinerance": ["Fixe", "Itinérant"],
    },
]


def _user(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    return user


def load_core() -> DemoContext:
    network, _created = Organisation.objects.get_or_create(
        slug="reseau-numerique-grand-reims",
        defaults={
            "name": "Réseau numérique du Grand Reims",
            "pivot": "W513001234",
            "kind": Organisation.Kind.NETWORK,
            "website": "https://reseau.demo.relais.test",
        },
    )
    organisations = {}
    for slug, name, pivot, kind in ORGANISATIONS:
        organisations[slug], _created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "pivot": pivot, "kind": kind, "parent": network}
        )
    places = {}
    for spec in PLACES:
        values = {key: value for key, value in spec.items() if key not in {"slug", "organisation"}}
        values["organisation"] = organisations[spec["organisation"]]
        values["source"] = "Réseau numérique du Grand Reims"
        places[spec["slug"]], _created = Place.objects.get_or_create(slug=spec["slug"], defaults=values)

    users = {key: _user(*account) for key, account in DEMO_ACCOUNTS.items()}
    memberships = [
        (users["admin"], Role.ADMIN, {"organisation": network}),
        (users["coordinator"], Role.COORDINATOR, {"organisation": network}),
        (users["mediator"], Role.MEDIATOR, {"place": places["epn-croix-rouge"]}),
        (users["mediator"], Role.MEDIATOR, {"place": places["mediatheque-jean-falala"]}),
        (users["fabmanager"], Role.FABMANAGER, {"place": places["fablab-la-fabrique"]}),
        (users["fabmanager"], Role.MEDIATOR, {"place": places["fablab-la-fabrique"]}),
        (users["volunteer"], Role.VOLUNTEER, {"place": places["fablab-la-fabrique"]}),
    ]
    for user, role, scope in memberships:
        Membership.objects.get_or_create(user=user, role=role, **scope)
    _ensure_admin_totp(users["admin"])
    return DemoContext(network=network, organisations=organisations, places=places, users=users)


def _ensure_admin_totp(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user=user, name="Démo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )


def app_loaders():
    """(app label, its `demo` module) for every Relais app but core that ships demo data, in menu order."""
    from relais.core.navigation import relais_apps

    for config in relais_apps():
        if config.label == "core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        yield config.label, module
