import pytest
from django.core.exceptions import ValidationError

from relais.core.validators import (
    ChoicesListValidator,
    validate_insee_code,
    validate_opening_hours,
    validate_phone,
    validate_pivot,
    validate_postcode,
)
from relais.core.vocabularies import place_vocabulary, structure_typologies


@pytest.mark.parametrize(
    "value",
    [
        "21510454800023",  # SIRET of a town hall
        "83245617200028",  # SIRET
        "35600000000048",  # La Poste establishment (special rule)
        "732829320",  # SIREN
        "W513004567",  # RNA
        "w751000001",  # RNA typed in lowercase
        "215 104 548 00023",  # spaces are tolerated
    ],
)
def test_validate_pivot_accepts_siret_siren_and_rna(value):
    validate_pivot(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("21510454800024", "invalid_siret"),
        ("732829321", "invalid_siren"),
        ("1234", "invalid_pivot"),
        ("W12", "invalid_pivot"),
        ("", "invalid_pivot"),
    ],
)
def test_validate_pivot_refuses_with_a_message_saying_what_is_expected(value, code):
    with pytest.raises(ValidationError) as error:
        validate_pivot(value)

    assert error.value.code == code
    assert any(word in error.value.messages[0] for word in ("SIRET", "SIREN"))


@pytest.mark.parametrize("value", ["51100", "97400", "01000"])
def test_validate_postcode_accepts_five_digits(value):
    validate_postcode(value)


@pytest.mark.parametrize("value", ["5110", "511000", "5110A", ""])
def test_validate_postcode_refuses_other_values(value):
    with pytest.raises(ValidationError, match="51100"):
        validate_postcode(value)


@pytest.mark.parametrize("value", ["51454", "2A004", "2B033", "97411", ""])
def test_validate_insee_code_accepts_commune_codes(value):
    validate_insee_code(value)


@pytest.mark.parametrize("value", ["5145", "ABCDE", "2C004"])
def test_validate_insee_code_refuses_other_values(value):
    with pytest.raises(ValidationError, match="2A004"):
        validate_insee_code(value)


@pytest.mark.parametrize("value", ["+33180059880", "+262262123456", ""])
def test_validate_phone_accepts_international_numbers(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["01 80 05 98 80", "0180059880", "+33 1 80 05 98 80"])
def test_validate_phone_refuses_other_formats(value):
    with pytest.raises(ValidationError, match=r"\+33180059880"):
        validate_phone(value)


@pytest.mark.parametrize(
    "value",
    ["Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "24/7", "Tu,Th 13:00-19:00; PH off", ""],
)
def test_validate_opening_hours_accepts_osm_syntax(value):
    validate_opening_hours(value)


@pytest.mark.parametrize("value", ["lundi 9h-12h", "Mo-Fr 9h", "Mo-Fr 25:00-26:00"])
def test_validate_opening_hours_refuses_free_text(value):
    with pytest.raises(ValidationError, match="OpenStreetMap"):
        validate_opening_hours(value)


def test_choices_list_validator_accepts_known_values():
    ChoicesListValidator(place_vocabulary("frais_a_charge"))(["Gratuit", "Payant"])


def test_choices_list_validator_names_unknown_values_and_the_allowed_ones():
    with pytest.raises(ValidationError) as error:
        ChoicesListValidator(place_vocabulary("frais_a_charge"))(["Gratuit", "Sur devis"])

    message = error.value.messages[0]
    assert "Sur devis" in message
    assert "Gratuit sous condition" in message


def test_choices_list_validator_refuses_a_non_list():
    with pytest.raises(ValidationError):
        ChoicesListValidator(["a"])("a")


def test_vocabularies_are_read_from_the_national_files():
    assert "Aide aux démarches administratives" in place_vocabulary("services")
    assert place_vocabulary("itinerance") == ("Itinérant", "Fixe")
    assert "BIB" in dict(structure_typologies())
    with pytest.raises(KeyError):
        place_vocabulary("nom")
