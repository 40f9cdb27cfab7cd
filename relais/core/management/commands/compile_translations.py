"""Compile every .po file of the project to .mo with polib (no system gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the French translations (locale/ and each app's locale/) to .mo files."

    def handle(self, *args, **options):
        roots = [
            Path(settings.BASE_DIR) / "locale",
            *sorted((Path(settings.BASE_DIR) / "relais").glob("*/locale")),
        ]
        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"{count} translation file(s) compiled.")
