"""Accepting an invitation: an existing account signs in and accepts; a new person creates an account."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from relais.accounts import services
from relais.accounts.forms import InvitationSignUpForm
from relais.accounts.models import Invitation, User
from relais.core.htmx import redirect_after_post


def _unusable_reason(invitation: Invitation | None) -> str | None:
    if invitation is None:
        return "unknown"
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.is_expired:
        return "expired"
    return None


def _accepted(request, invitation: Invitation):
    messages.success(
        request,
        _("Welcome! You are now %(role)s at %(place)s.")
        % {"role": invitation.get_role_display().lower(), "place": invitation.place.name},
    )
    return redirect_after_post(request, "core:home")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = (
        Invitation.objects.select_related("place", "invited_by")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    reason = _unusable_reason(invitation)
    if reason:
        status = 404 if reason == "unknown" else 410
        return render(request, "accounts/invitation_unusable.html", {"reason": reason}, status=status)
    account = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "account": account}
    if account is not None and request.user == account:
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=account)
            return _accepted(request, invitation)
        return render(request, "accounts/invitation_accept.html", context)
    if account is not None or request.user.is_authenticated:
        # Someone else is signed in, or the invited person must sign in first.
        return render(request, "accounts/invitation_sign_in.html", context)
    form = InvitationSignUpForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if form.is_valid():
        try:
            user = services.invitation_accept_new_user(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _accepted(request, invitation)
    return render(request, "accounts/invitation_sign_up.html", {**context, "form": form})
