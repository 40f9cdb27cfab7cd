"""National vocabularies of the activity record (CRA), with the codes of the national reporting tool.

Codes are stored verbatim (snake_case, as in the national tool's database and API) so that exports
and the API interoperate; labels are translated. New codes may be appended without touching history.
"""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual accompaniment")
    COLLECTIVE = "collective", _("Collective workshop")


class PlaceType(models.TextChoices):
    LIEU_ACTIVITE = "lieu_activite", _("Place of activity")
    DOMICILE = "domicile", _("At home")
    A_DISTANCE = "a_distance", _("Remotely")
    AUTRE = "autre", _("Other place")


class Equipment(models.TextChoices):
    ORDINATEUR = "ordinateur", _("Computer")
    TELEPHONE = "telephone", _("Phone")
    TABLETTE = "tablette", _("Tablet")
    AUTRE = "autre", _("Other")
    AUCUN = "aucun", _("No equipment")


class Theme(models.TextChoices):
    """The 19 digital-mediation themes, then the 11 administrative sub-themes."""

    DIAGNOSTIC_NUMERIQUE = "diagnostic_numerique", _("Digital diagnosis")
    PRENDRE_EN_MAIN_DU_MATERIEL = "prendre_en_main_du_materiel", _("Getting started with equipment")
    MAINTENANCE_DE_MATERIEL = "maintenance_de_materiel", _("Equipment maintenance")
    GERE_SES_CONTENUS_NUMERIQUES = "gere_ses_contenus_numeriques", _("Managing one's digital content")
    NAVIGATION_SUR_INTERNET = "navigation_sur_internet", _("Browsing the internet")
    EMAIL = "email", _("E-mail")
    BUREAUTIQUE = "bureautique", _("Office software")
    RESEAUX_SOCIAUX = "reseaux_sociaux", _("Social networks, communication")
    SANTE = "sante", _("Health")
    BANQUE_ET_ACHATS_EN_LIGNE = "banque_et_achats_en_ligne", _("Online banking and shopping")
    ENTREPRENEURIAT = "entrepreneuriat", _("Supporting a professional")
    INSERTION_PROFESSIONNELLE = "insertion_professionnelle", _("Professional integration")
    SECURITE_NUMERIQUE = "securite_numerique", _("Digital security prevention")
    PARENTALITE = "parentalite", _("Parenting")
    SCOLARITE_ET_NUMERIQUE = "scolarite_et_numerique", _("School and digital")
    CREER_AVEC_LE_NUMERIQUE = "creer_avec_le_numerique", _("Creating with digital tools")
    CULTURE_NUMERIQUE = "culture_numerique", _("Digital culture")
    INTELLIGENCE_ARTIFICIELLE = "intelligence_artificielle", _("Artificial intelligence (AI)")
    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = (
        "aide_aux_demarches_administratives",
        _("Help with administrative procedures"),
    )
    PAPIERS_ELECTIONS_CITOYENNETE = "papiers_elections_citoyennete", _("Papers - Elections - Citizenship")
    FAMILLE_SCOLARITE = "famille_scolarite", _("Family - Schooling")
    SOCIAL_SANTE = "social_sante", _("Social - Health")
    TRAVAIL_FORMATION = "travail_formation", _("Work - Training - Business")
    LOGEMENT = "logement", _("Housing")
    TRANSPORTS_MOBILITE = "transports_mobilite", _("Transport - Mobility")
    ARGENT_IMPOTS = "argent_impots", _("Money - Taxes")
    JUSTICE = "justice", _("Justice")
    ETRANGERS_EUROPE = "etrangers_europe", _("Foreigners - Europe")
    LOISIRS_SPORTS_CULTURE = "loisirs_sports_culture", _("Leisure - Sports - Culture")
    ASSOCIATIONS = "associations", _("Associations")


ADMINISTRATIVE_UMBRELLA = Theme.AIDE_AUX_DEMARCHES_ADMINISTRATIVES.value
ADMINISTRATIVE_THEMES = (
    "papiers_elections_citoyennete",
    "famille_scolarite",
    "social_sante",
    "travail_formation",
    "logement",
    "transports_mobilite",
    "argent_impots",
    "justice",
    "etrangers_europe",
    "loisirs_sports_culture",
    "associations",
)
MEDIATION_THEMES = tuple(code for code in Theme.values if code not in ADMINISTRATIVE_THEMES)


class Autonomy(models.TextChoices):
    ENTIEREMENT_ACCOMPAGNE = "entierement_accompagne", _("With guidance")
    PARTIELLEMENT_AUTONOME = "partiellement_autonome", _("Autonomous with guidance when needed")
    AUTONOME = "autonome", _("Autonomous")


AUTONOMY_SCORE = {
    Autonomy.ENTIEREMENT_ACCOMPAGNE: 1,
    Autonomy.PARTIELLEMENT_AUTONOME: 2,
    Autonomy.AUTONOME: 3,
}


class ReferralStructure(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration (town hall, prefecture…)")
    MEDIATION_NUMERIQUE = "mediation_numerique", _("Another digital-mediation structure")
    OPERATEUR_OU_ORGANISME_EN_CHARGE = (
        "operateur_ou_organisme_en_charge",
        _("Operator or body in charge of the administrative procedure"),
    )
    AIDE_SOCIALE = "aide_sociale", _("Social-support structure (solidarity centre, social centre…)")
    INSERTION_PROFESSIONNELLE = (
        "insertion_professionnelle",
        _("Professional-integration structure (France Travail, local mission, chamber of commerce…)"),
    )
    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = (
        "aide_aux_demarches_administratives",
        _("Administrative-help structure (France Services…)"),
    )
    AUTRE = "autre", _("Other")


class WorkshopLevel(models.TextChoices):
    DEBUTANT = "debutant", _("Beginner")
    INTERMEDIAIRE = "intermediaire", _("Intermediate")
    AVANCE = "avance", _("Advanced")


LEVEL_SCORE = {WorkshopLevel.DEBUTANT: 1, WorkshopLevel.INTERMEDIAIRE: 2, WorkshopLevel.AVANCE: 3}


class Sex(models.TextChoices):
    MASCULIN = "masculin", _("Male")
    FEMININ = "feminin", _("Female")
    NON_COMMUNIQUE = "non_communique", _("Not disclosed")


class AgeBracket(models.TextChoices):
    MOINS_DE_DOUZE = "moins_de_douze", _("Under 12")
    DOUZE_DIX_HUIT = "douze_dix_huit", _("12 - 17")
    DIX_HUIT_VINGT_QUATRE = "dix_huit_vingt_quatre", _("18 - 24")
    VINGT_CINQ_TRENTE_NEUF = "vingt_cinq_trente_neuf", _("25 - 39")
    QUARANTE_CINQUANTE_NEUF = "quarante_cinquante_neuf", _("40 - 59")
    SOIXANTE_SOIXANTE_NEUF = "soixante_soixante_neuf", _("60 - 69")
    SOIXANTE_DIX_PLUS = "soixante_dix_plus", _("70 and over")
    NON_COMMUNIQUE = "non_communique", _("Not disclosed")


class SocialStatus(models.TextChoices):
    SCOLARISE = "scolarise", _("In education")
    SANS_EMPLOI = "sans_emploi", _("Unemployed")
    EN_EMPLOI = "en_emploi", _("Employed")
    RETRAITE = "retraite", _("Retired")
    NON_COMMUNIQUE = "non_communique", _("Not disclosed or mixed")


def age_bracket_for(birth_year: int | None, year: int) -> str:
    """The national age bracket of someone born in `birth_year`, in `year`."""
    if not birth_year or birth_year < 1900 or birth_year > year:
        return AgeBracket.NON_COMMUNIQUE
    age = year - birth_year
    for limit, bracket in (
        (12, AgeBracket.MOINS_DE_DOUZE),
        (18, AgeBracket.DOUZE_DIX_HUIT),
        (25, AgeBracket.DIX_HUIT_VINGT_QUATRE),
        (40, AgeBracket.VINGT_CINQ_TRENTE_NEUF),
        (60, AgeBracket.QUARANTE_CINQUANTE_NEUF),
        (70, AgeBracket.SOIXANTE_SOIXANTE_NEUF),
    ):
        if age < limit:
            return bracket
    return AgeBracket.SOIXANTE_DIX_PLUS


# Keys of the anonymous headcounts of a collective activity: {"total": 12, "already_helped": 3,
# "age_bracket": {code: n}, "sex": {code: n}, "social_status": {code: n}}.
HEADCOUNT_DIMENSIONS = {"age_bracket": AgeBracket, "sex": Sex, "social_status": SocialStatus}

DURATION_CHOICES = (15, 30, 45, 60, 90, 120)
MIN_DURATION, MAX_DURATION = 1, 720


@cache
def codes(choices) -> frozenset[str]:
    """The codes of a vocabulary as a set (`TextChoices.values` builds a new list on every call)."""
    return frozenset(choices.values)


@cache
def ordered_codes(choices) -> tuple[str, ...]:
    return tuple(choices.values)
