from django.core.management.base import BaseCommand

from relais.opendata import services


class Command(BaseCommand):
    help = "Regenerate and publish the built-in open datasets (each file is validated first)."

    def handle(self, *args, **options):
        results = services.regenerate_builtin_datasets()
        summary = ", ".join(
            f"{key}: {'published' if ok else 'VALIDATION FAILED'}" for key, ok in results.items()
        )
        self.stdout.write(summary)
