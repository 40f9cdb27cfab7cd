"""The datasets Relais publishes by itself, with the metadata data.gouv.fr asks for."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from relais.knowledge.vocabularies import Licence
from relais.opendata.models import Frequency

PLACES_SCHEMA_REFERENCE = {
    "name": "LaMednum/standard-mediation-num",
    "version": "1.0.1",
    "url": "https://schema.data.gouv.fr/schemas/LaMednum/standard-mediation-num/1.0.1/schema.json",
}
K_ANONYMITY = 5


@dataclass(frozen=True)
class Builtin:
    key: str
    slug: str
    title: str
    description: str
    frequency: str
    licence: str = Licence.ETALAB
    granularity: str = "poi"
    keywords: list[str] = field(default_factory=list)


BUILTINS = {
    "places": Builtin(
        key="places",
        slug="lieux-de-mediation-numerique",
        title=_("Digital-mediation places"),
        description=_(
            "The places of the network open to the public, in the national schema of digital-mediation "
            "places (LaMednum/standard-mediation-num, v1.0.1). Every file is checked against the schema "
            "with frictionless before it is published: a file that fails is never published."
        ),
        frequency=Frequency.DAILY,
        keywords=["inclusion numérique", "médiation numérique", "lieux"],
    ),
    "activity": Builtin(
        key="activity",
        slug="statistiques-activite-mediation",
        title=_("Digital-mediation activity statistics"),
        description=_(
            "Number of people accompanied per month, place and national theme (individual and collective "
            "accompaniments). The data is anonymised: it holds no person, only counts, and **every count "
            "under 5 people is removed** (k-anonymity with k = 5), so that no one can be recognised. "
            "Because a person may be accompanied on several themes, counts per theme do not add up to "
            "the number of people."
        ),
        frequency=Frequency.MONTHLY,
        granularity="poi",
        keywords=["inclusion numérique", "médiation numérique", "statistiques"],
    ),
    "programme": Builtin(
        key="programme",
        slug="programme-ateliers",
        title=_("Public programme of workshops"),
        description=_(
            "The upcoming public workshops and events of the network's places, in JSON and in iCalendar "
            "format (to subscribe from a calendar application)."
        ),
        frequency=Frequency.DAILY,
        keywords=["ateliers", "agenda", "médiation numérique"],
    ),
    "knowledge": Builtin(
        key="knowledge",
        slug="base-de-connaissances",
        title=_("Shared knowledge base"),
        description=_(
            "Articles and learning sheets published by the mediators and the community, with their "
            "licence, credit, themes, CRCN competences, audience and level."
        ),
        frequency=Frequency.DAILY,
        licence=Licence.CC_BY_SA,
        granularity="country",
        keywords=["ressources pédagogiques", "fiches", "médiation numérique"],
    ),
}
