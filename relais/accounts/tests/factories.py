from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from relais.accounts.models import Invitation
from relais.core.models import Role


class InvitationFactory(DjangoModelFactory):
    """An invitation whose link token is known to the test (`token`, default "token-<n>")."""

    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"token-{n}")
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
        )
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))

    email = factory.Sequence(lambda n: f"invitee{n}@test.fr")
    role = Role.MEDIATOR
    token_hash = factory.LazyAttribute(lambda o: Invitation.hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
