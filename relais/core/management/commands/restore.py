from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Verify an archive made by `relais backup`, then restore its database and media files."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive, yes, **options):
        if not yes and options.get("interactive", True):
            answer = input("This replaces the current database and media files. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {archive.name} ({manifest['engine']}, made {manifest['created_at']}).")
