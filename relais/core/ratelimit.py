"""Rate limits of the public forms, counted in the database so they hold across processes and machines.

Each public form (registration, survey, password reset…) lets one client address submit at most
`PUBLIC_FORMS_PER_HOUR` times an hour. Behind reverse proxies, `TRUSTED_PROXY_COUNT` tells how many
addresses at the end of X-Forwarded-For were added by them: the client is the one just before.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.models import RateLimitHit

WINDOW = timedelta(hours=1)


def client_address(request: HttpRequest) -> str:
    """The address of the client, seen through the trusted reverse proxies (and only through them)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client address (the address itself is never stored)."""
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), f"ip:{address}".encode(), hashlib.sha256).hexdigest()


def rate_limit(request: HttpRequest, action: str, *, limit: int | None = None) -> None:
    """Count one use of the public form `action`; refuse it when the client has used up its hour."""
    limit = settings.PUBLIC_FORMS_PER_HOUR if limit is None else limit
    client = client_fingerprint(request)
    with transaction.atomic():
        recent = RateLimitHit.objects.filter(
            action=action, client=client, created_at__gte=timezone.now() - WINDOW
        )
        if recent.count() >= limit:
            raise ValidationError(
                _("Too many submissions from your connection in the last hour. Please try again later."),
                code="rate_limited",
            )
        RateLimitHit.objects.create(action=action, client=client)


def purge(now=None) -> int:
    """Forget the uses older than the window; returns how many rows were deleted."""
    now = now or timezone.now()
    deleted, _details = RateLimitHit.objects.filter(created_at__lt=now - WINDOW).delete()
    return deleted
