"""Closed lists the programme uses: national themes, CRCN competences, workshop levels, publics, fees.

Codes are the national ones (activity report themes, CRCN competence codes, the places schema's
publics and fees values) so that exports interoperate; labels are translated for display.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from relais.core.vocabularies import place_vocabulary

THEMES = (
    ("diagnostic_numerique", _("Digital skills assessment")),
    ("prendre_en_main_du_materiel", _("Getting started with a device")),
    ("maintenance_de_materiel", _("Device maintenance")),
    ("gere_ses_contenus_numeriques", _("Managing one's digital content")),
    ("navigation_sur_internet", _("Browsing the internet")),
    ("email", _("Email")),
    ("bureautique", _("Office software")),
    ("reseaux_sociaux", _("Social networks and communication")),
    ("sante", _("Health")),
    ("banque_et_achats_en_ligne", _("Online banking and shopping")),
    ("entrepreneuriat", _("Supporting a professional")),
    ("insertion_professionnelle", _("Finding work")),
    ("securite_numerique", _("Staying safe online")),
    ("parentalite", _("Parenting")),
    ("scolarite_et_numerique", _("School and digital")),
    ("creer_avec_le_numerique", _("Creating with digital tools")),
    ("culture_numerique", _("Digital culture")),
    ("intelligence_artificielle", _("Artificial intelligence (AI)")),
    ("aide_aux_demarches_administratives", _("Help with online administrative procedures")),
    ("papiers_elections_citoyennete", _("Papers - Elections - Citizenship")),
    ("famille_scolarite", _("Family - Schooling")),
    ("social_sante", _("Social - Health")),
    ("travail_formation", _("Work - Training - Business")),
    ("logement", _("Housing")),
    ("transports_mobilite", _("Transport - Mobility")),
    ("argent_impots", _("Money - Taxes")),
    ("justice", _("Justice")),
    ("etrangers_europe", _("Foreigners - Europe")),
    ("loisirs_sports_culture", _("Leisure - Sports - Culture")),
    ("associations", _("Associations")),
)

CRCN_COMPETENCES = (
    ("1.1", _("1.1 Searching for and monitoring information")),
    ("1.2", _("1.2 Managing data")),
    ("1.3", _("1.3 Processing data")),
    ("2.1", _("2.1 Interacting")),
    ("2.2", _("2.2 Sharing and publishing")),
    ("2.3", _("2.3 Collaborating")),
    ("2.4", _("2.4 Finding one's place in the digital world")),
    ("3.1", _("3.1 Creating text documents")),
    ("3.2", _("3.2 Creating multimedia documents")),
    ("3.3", _("3.3 Adapting documents to their purpose")),
    ("3.4", _("3.4 Programming")),
    ("4.1", _("4.1 Securing the digital environment")),
    ("4.2", _("4.2 Protecting personal data and privacy")),
    ("4.3", _("4.3 Protecting health, well-being and the environment")),
    ("5.1", _("5.1 Solving technical problems")),
    ("5.2", _("5.2 Evolving in a digital environment")),
)

PUBLIC_LABELS = {
    "Jeunes": _("Young people"),
    "Étudiants": _("Students"),
    "Familles et/ou enfants": _("Families and/or children"),
    "Seniors": _("Seniors"),
    "Femmes": _("Women"),
}


def public_choices() -> list[tuple[str, str]]:
    """The national publics of the places schema (codes kept verbatim)."""
    return [
        (code, PUBLIC_LABELS.get(code, code)) for code in place_vocabulary("publics_specifiquement_adresses")
    ]


def _labels(choices) -> dict[str, str]:
    return dict(choices)


def theme_label(code: str) -> str:
    return str(_labels(THEMES).get(code, code))


def public_label(code: str) -> str:
    return str(PUBLIC_LABELS.get(code, code))


def competence_label(code: str) -> str:
    return str(_labels(CRCN_COMPETENCES).get(code, code))


def _check_list(values, allowed: set[str]) -> None:
    if not isinstance(values, list):
        raise ValidationError(_("Expected a list of values."), code="invalid_list")
    unknown = [str(value) for value in values if value not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown value(s): %(unknown)s.") % {"unknown": ", ".join(unknown)}, code="unknown_value"
        )


def validate_themes(values) -> None:
    _check_list(values, {code for code, _label in THEMES})


def validate_competences(values) -> None:
    _check_list(values, {code for code, _label in CRCN_COMPETENCES})


def validate_publics(values) -> None:
    _check_list(values, set(place_vocabulary("publics_specifiquement_adresses")))
