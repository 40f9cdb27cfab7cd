"""Bearer-token authentication for the API: `Authorization: Bearer rel_…`."""

from django.utils import timezone
from ninja.security import HttpBearer

from relais.accounts.models import ApiToken

# Touch `last_used_at` at most this often, so reads do not turn into writes on every call.
LAST_USED_RESOLUTION_SECONDS = 300


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token:
            return None
        try:
            api_token = (
                ApiToken.objects.usable().select_related("user").get(key_hash=ApiToken.hash_secret(token))
            )
        except ApiToken.DoesNotExist:
            return None
        now = timezone.now()
        if (
            not api_token.last_used_at
            or (now - api_token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user
