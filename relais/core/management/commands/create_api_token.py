from django.core.management.base import BaseCommand, CommandError

from relais.accounts.models import User
from relais.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for the user with this email; the token is printed once and never stored."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, name, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as error:
            raise CommandError(f"No user with the email {email}.") from error
        _token, secret = api_token_create(user=user, name=name, actor=None)
        self.stdout.write(secret)
