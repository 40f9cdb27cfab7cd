from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.core.models import Place
from relais.mediation import transfers


class Command(BaseCommand):
    help = "Import beneficiary files from a CSV, XLSX or ODS file into a place (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--place", required=True, help="Slug of the place.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and write nothing.")

    def handle(self, *args, file, place, dry_run, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        target = Place.objects.filter(slug=place).first()
        if target is None:
            raise CommandError(f"unknown place: {place}")
        dataset = transfers.read_table(file.read_bytes(), file.name)
        report = transfers.import_beneficiaries(dataset, place=target, actor=None, dry_run=dry_run)
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        if report.errors:
            raise CommandError(f"{file}: {len(report.errors)} error(s), nothing imported")
        verb = "valid, nothing written (dry run)" if dry_run else "imported"
        self.stdout.write(f"{report.rows} rows: {report.valid} {verb}, {report.skipped} already present")
