"""Validators for French identifiers and national formats, with messages that say what is expected."""

import re

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from relais.core.vocabularies import place_pattern


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_pivot(value: str) -> None:
    """A SIRET (14 digits), a SIREN (9 digits) or an RNA number (W + 9 characters)."""
    compact = (value or "").replace(" ", "")
    if re.fullmatch(r"W\d[\dA-Z]\d{7}", compact, flags=re.IGNORECASE):
        return
    if re.fullmatch(r"\d{14}", compact):
        # La Poste's establishments use a special rule: their SIREN is 356000000.
        if _luhn_ok(compact) or (compact.startswith("356000000") and sum(map(int, compact)) % 5 == 0):
            return
        raise ValidationError(
            _("This SIRET number is not valid (its check digit is wrong): check the 14 digits."),
            code="invalid_siret",
        )
    if re.fullmatch(r"\d{9}", compact):
        if _luhn_ok(compact):
            return
        raise ValidationError(
            _("This SIREN number is not valid (its check digit is wrong): check the 9 digits."),
            code="invalid_siren",
        )
    raise ValidationError(
        _("Expected a SIRET (14 digits), a SIREN (9 digits) or an RNA number (W followed by 9 characters)."),
        code="invalid_pivot",
    )


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(
            _("Expected a French postcode of 5 digits, e.g. 51100."), code="invalid_postcode"
        )


def validate_insee_code(value: str) -> None:
    if value and not re.fullmatch(place_pattern("code_insee"), value):
        raise ValidationError(
            _("Expected an INSEE commune code of 5 characters, e.g. 51454 or 2A004."), code="invalid_insee"
        )


def validate_phone(value: str) -> None:
    if value and not re.fullmatch(place_pattern("telephone"), value):
        raise ValidationError(
            _("Expected an international phone number without spaces, e.g. +33180059880."),
            code="invalid_phone",
        )


def validate_opening_hours(value: str) -> None:
    if value and not opening_hours.validate(value):
        raise ValidationError(
            _(
                "These opening hours are not in OpenStreetMap syntax. Expected for example "
                "“Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00”."
            ),
            code="invalid_opening_hours",
        )


@deconstructible
class ChoicesListValidator:
    """A JSON list whose items must come from a closed vocabulary."""

    def __init__(self, allowed):
        self.allowed = tuple(allowed)

    def __call__(self, values) -> None:
        if not isinstance(values, list):
            raise ValidationError(_("Expected a list of values."), code="invalid_list")
        unknown = [value for value in values if value not in self.allowed]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(unknown)s. Allowed values: %(allowed)s.")
                % {"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(self.allowed)},
                code="unknown_value",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoicesListValidator) and self.allowed == other.allowed
