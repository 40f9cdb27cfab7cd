"""The profile page: name and phone, roles, API tokens (created, listed, revoked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts import services
from relais.accounts.forms import ApiTokenForm, ProfileForm
from relais.accounts.models import ApiToken
from relais.core.htmx import redirect_after_post
from relais.core.models import Role
from relais.core.scoping import places_for_user


def _profile_context(request, *, profile_form=None, token_form=None) -> dict:
    user = request.user
    return {
        "profile_form": profile_form or ProfileForm(instance=user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"),
        "memberships": user.memberships.active().select_related("place", "organisation").order_by("role"),
        "administered_places": places_for_user(user, {Role.ADMIN}).order_by("name")[:50],
        "has_two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if form.is_valid():
        services.user_update_profile(user=request.user, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect_after_post(request, "accounts:profile")
    if request.method == "POST":
        # A failed ModelForm validation has already written the typed values onto request.user.
        request.user.refresh_from_db(fields=["first_name", "last_name", "phone"])
    return render(request, "accounts/profile.html", _profile_context(request, profile_form=form))


@never_cache
@login_required
@require_http_methods(["POST"])
def api_token_create(request):
    """Create a token and show its secret on this response only: it is stored hashed, never shown again."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/profile.html", _profile_context(request, token_form=form))
    token, secret = services.api_token_create(
        user=request.user, name=form.cleaned_data["name"], actor=request.user
    )
    return render(request, "accounts/api_token_created.html", {"token": token, "secret": secret})


@login_required
@require_http_methods(["POST"])
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect_after_post(request, "accounts:profile")
