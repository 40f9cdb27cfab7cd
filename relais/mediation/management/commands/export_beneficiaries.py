from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.core.models import Place
from relais.mediation import transfers
from relais.mediation.models import Beneficiary


class Command(BaseCommand):
    help = "Export beneficiary files (identities included: keep the file safe) as CSV, XLSX or ODS."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=transfers.FORMATS, default="csv")
        parser.add_argument("--place", help="Slug of a place (default: every place).")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, format, place, output, **options):
        queryset = Beneficiary.objects.filter(merged_into=None, anonymised_at__isnull=True)
        if place:
            target = Place.objects.filter(slug=place).first()
            if target is None:
                raise CommandError(f"unknown place: {place}")
            queryset = queryset.filter(place=target)
        content = transfers.export_beneficiaries(queryset, format)
        if output:
            output.write_bytes(content)
            self.stdout.write(f"{queryset.count()} files written to {output}")
        elif format == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            raise CommandError("--output is needed for the xlsx and ods formats")
