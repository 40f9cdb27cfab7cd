"""Writes on users, API tokens and invitations."""

from django.db import transaction
from django.utils import timezone

from relais.accounts.models import ApiToken, User
from relais.core.journal import journal_log


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: User | None) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is never stored and cannot be shown again."""
    secret = ApiToken.generate_secret()
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=secret[:10], key_hash=ApiToken.hash_secret(secret)
    )
    journal_log(actor=actor or user, action="api_token.create", target=token, name=name)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token; it stops working at once."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        journal_log(actor=actor, action="api_token.revoke", target=token)
    return token
