from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Archive the database and media files (dated .tar.gz with a .sha256 checksum beside it)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Directory for the archive (default: BACKUP_DIR).")

    def handle(self, *args, output, **options):
        try:
            result = backup_create(output_dir=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.archive} ({result.size} bytes, sha256 {result.checksum})")
