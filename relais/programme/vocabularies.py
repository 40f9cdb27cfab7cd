"""Closed lists the programme uses: national themes, CRCN competences, workshop levels, publics, fees.

Codes are the national ones (activity report themes, CRCN competence codes, the places schema's
publics and fees values) so that exports interoperate; labels are translated for display.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from relais.core.vocabularies import place_vocabulary
from relais.mediation import crcn
from relais.mediation.vocabularies import Theme

# One source for the national codes: the mediation desk's vocabularies.
THEMES = tuple(Theme.choices)

CRCN_COMPETENCES = tuple(crcn.COMPETENCE_CHOICES)

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
