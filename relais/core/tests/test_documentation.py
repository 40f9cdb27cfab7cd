"""The README and .env.example document every environment variable the code reads."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READ_PATTERN = re.compile(
    r"""(?:env_bool|env_int|env_list|os\.environ\.get|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Variables of the Python and Django runtime, not of Relais.
NOT_OURS = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> set[str]:
    sources = [ROOT / "config" / "settings.py", *(ROOT / "relais").glob("*/management/commands/*.py")]
    names = set()
    for path in sources:
        names |= set(READ_PATTERN.findall(path.read_text(encoding="utf-8")))
    return names - NOT_OURS


def test_some_variables_are_found():
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORT"} <= variables_read()


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_variable_is_documented(document):
    text = (ROOT / document).read_text(encoding="utf-8")

    missing = sorted(name for name in variables_read() if not re.search(rf"\b{name}\b", text))

    assert missing == [], f"{document} does not mention {missing}"


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")

    assert text.index("make run") < text.index("## Configuration")
    assert text.index("make test") < text.index("## Configuration")
    assert "relais-demo" in text
