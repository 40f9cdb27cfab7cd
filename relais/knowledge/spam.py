"""Anti-abuse helpers: a keyed fingerprint of the client, and database-backed rate limits.

Rate limits count rows in the database, so they hold across processes and machines.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.ratelimit import client_fingerprint

__all__ = ["check_rate", "client_fingerprint", "reporter_key", "setting"]


def reporter_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return client_fingerprint(request)


def check_rate(queryset: QuerySet, *, limit: int, minutes: int, field: str = "created_at") -> None:
    """Refuse when `queryset` already holds `limit` rows created in the last `minutes`."""
    since = timezone.now() - timedelta(minutes=minutes)
    if queryset.filter(**{f"{field}__gte": since}).count() >= limit:
        raise ValidationError(
            _("You are posting too fast. Please wait a few minutes and try again."), code="rate_limited"
        )


def setting(name: str, default: int) -> int:
    return getattr(settings, name, default)
