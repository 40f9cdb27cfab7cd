from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    [
        *(Path(settings.BASE_DIR) / "locale").glob("fr/LC_MESSAGES/django.po"),
        *(Path(settings.BASE_DIR) / "relais").glob("*/locale/fr/LC_MESSAGES/django.po"),
    ]
)


def test_french_catalogues_exist():
    assert Path(settings.BASE_DIR, "locale", "fr", "LC_MESSAGES", "django.po") in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_french_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == [], f"untranslated in {path}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {path}: {fuzzy[:10]}"
