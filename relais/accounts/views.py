from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.forms import LoginForm, TwoFactorForm
from relais.core.htmx import redirect_after_post
from relais.core.journal import journal_log


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "core:home"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify a TOTP code; an administrator without a device enrols one here first."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(
            user=request.user, confirmed=False
        ).first() or TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = TwoFactorForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                journal_log(actor=request.user, action="user.2fa_enrol", target=request.user)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication confirmed."))
            return redirect_after_post(request, _safe_next(request))
        form.add_error(
            "token", _("This code is not valid. Check the time on your phone and try the next code.")
        )
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        qr = segno.make(device.config_url, micro=False)
        context["qr_svg_data_uri"] = qr.svg_data_uri(scale=4, dark="#1b1b1b")
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET"])
def profile(request):
    memberships = request.user.memberships.select_related("place", "organisation").order_by("role")
    return render(request, "accounts/profile.html", {"memberships": memberships})
