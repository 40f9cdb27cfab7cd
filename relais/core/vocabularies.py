"""National vocabularies, read from the official data files shipped in `relais/core/data/`.

- `standard-mediation-num-schema.json`: national schema of digital-mediation places v1.0.1
  (LaMednum, Licence Ouverte / Etalab 2.0).
- `typologies-de-structures.json`: data·inclusion vocabulary of structure types
  (GIP de l'inclusion, Licence Ouverte 2.0).
"""

import json
import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_SCHEMA_PATH = DATA_DIR / "standard-mediation-num-schema.json"

# Fields of the places schema that hold several values separated by "|", from a closed list.
MULTI_VALUE_FIELDS = (
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
)


@cache
def places_schema() -> dict:
    return json.loads(PLACES_SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def places_field(name: str) -> dict:
    for field in places_schema()["fields"]:
        if field["name"] == name:
            return field
    raise KeyError(name)


def _values_from_pattern(pattern: str) -> list[str]:
    """The schema lists closed vocabularies as an alternation inside a regex; read it back."""
    match = re.search(r"\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$", pattern)
    if not match:
        raise ValueError(f"unexpected vocabulary pattern: {pattern}")
    body = match.group(1)
    values, depth, current, i = [], 0, "", 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            current += body[i + 1]
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            values.append(current)
            current = ""
            i += 1
            continue
        current += char
        i += 1
    values.append(current)
    return values


@cache
def place_vocabulary(name: str) -> tuple[str, ...]:
    """Allowed values of a multi-valued field of the places schema, in the schema's order."""
    if name not in MULTI_VALUE_FIELDS:
        raise KeyError(name)
    return tuple(_values_from_pattern(places_field(name)["constraints"]["pattern"]))


def place_choices(name: str) -> list[tuple[str, str]]:
    return [(value, value) for value in place_vocabulary(name)]


@cache
def structure_typologies() -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of the data·inclusion structure types used by the `typologie` field."""
    data = json.loads((DATA_DIR / "typologies-de-structures.json").read_text(encoding="utf-8"))
    return tuple((item["value"], item["label"]) for item in data)


def place_pattern(name: str) -> str:
    return places_field(name).get("constraints", {}).get("pattern", "")
