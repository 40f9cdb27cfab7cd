from django.core.management.base import BaseCommand
from django.db import transaction

from relais.core import demo


class Command(BaseCommand):
    help = "Load the demo network (places, accounts and each app's demo data). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organisations already exist."
        )

    def handle(self, *args, if_empty, **options):
        from relais.core.models import Organisation

        if if_empty and Organisation.objects.exists():
            self.stdout.write("Data already present: demo data not loaded.")
            return
        with transaction.atomic():
            context = demo.load_core()
        lines = [f"core: {len(context.places)} places, {len(context.users)} accounts"]
        for label, module in demo.app_loaders():
            with transaction.atomic():
                lines.append(f"{label}: {module.load(context)}")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            "Demo accounts (password “relais-demo”): " + ", ".join(a[0] for a in demo.DEMO_ACCOUNTS.values())
        )
        self.stdout.write(
            f"The administrator's two-factor key (for an authenticator app): {demo.DEMO_TOTP_BASE32}"
        )
