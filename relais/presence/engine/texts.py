"""French texts of the checks, read from `texts.fr.toml` (domain content kept as data)."""

import tomllib
from functools import cache
from pathlib import Path

from relais.presence.engine.scoring import NOT_APPLICABLE, NOT_MEASURED, PASS, CheckResult

CATALOGUE = Path(__file__).with_name("texts.fr.toml")


@cache
def catalogue() -> dict:
    with CATALOGUE.open("rb") as file:
        return tomllib.load(file)


def _render(template: str, params: dict) -> str:
    vocabulary = catalogue()["vocabulary"]
    values = {}
    for key, value in params.items():
        if isinstance(value, bool):
            values[key] = vocabulary[str(value).lower()]
        elif isinstance(value, list):
            values[key] = ", ".join(vocabulary.get(str(item), str(item)) for item in value)
        else:
            values[key] = value
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def title(check_id: str) -> str:
    return catalogue()["checks"].get(check_id, {}).get("title", check_id)


def why(check_id: str) -> str:
    return catalogue()["checks"].get(check_id, {}).get("why", "")


def message(result: CheckResult) -> str:
    texts = catalogue()["checks"].get(result.id, {})
    template = texts.get(result.key) or catalogue()["common"].get(result.key, result.key)
    return _render(template, result.params)


def fix(result: CheckResult) -> str:
    """How to improve; nothing when the check passes or does not apply."""
    if result.status in (PASS, NOT_APPLICABLE):
        return ""
    texts = catalogue()["checks"].get(result.id, {})
    specific = texts.get(f"fix_{result.key}")
    if specific:
        return _render(specific, result.params)
    if result.status == NOT_MEASURED:
        return ""
    return _render(texts.get("fix", ""), result.params)


def pillar_label(pillar: str) -> str:
    return catalogue()["pillars"].get(pillar, {}).get("label", pillar)


def pillar_description(pillar: str) -> str:
    return catalogue()["pillars"].get(pillar, {}).get("description", "")


def effort_label(effort: str) -> str:
    return catalogue()["effort"].get(effort, effort)
