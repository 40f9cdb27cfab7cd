from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.core.models import Place
from relais.mediation import transfers
from relais.mediation.models import Activity


class Command(BaseCommand):
    help = "Export activities with the national tool's columns (CSV, XLSX or ODS)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=transfers.FORMATS, default="csv")
        parser.add_argument("--place", help="Slug of a place (default: every place).")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")
        parser.add_argument(
            "--without-identities", action="store_true", help="Leave out beneficiary names and notes."
        )

    def handle(self, *args, format, place, output, without_identities, **options):
        queryset = Activity.objects.all()
        if place:
            target = Place.objects.filter(slug=place).first()
            if target is None:
                raise CommandError(f"unknown place: {place}")
            queryset = queryset.filter(place=target)
        content = transfers.export_activities(queryset, format, with_identities=not without_identities)
        if output:
            output.write_bytes(content)
            self.stdout.write(f"{queryset.count()} activities written to {output}")
        elif format == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            raise CommandError("--output is needed for the xlsx and ods formats")
