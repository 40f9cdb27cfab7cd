"""Sign in, sign out, two-factor authentication, password reset and change (Django's views, our pages)."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts import services
from relais.accounts.forms import LoginForm, RelaisPasswordResetForm, TwoFactorForm
from relais.core.htmx import redirect_after_post
from relais.core.journal import journal_log
from relais.core.ratelimit import rate_limit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """GET asks for confirmation (a link cannot sign anyone out); POST signs out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("core:public-home")
        return render(request, "accounts/logout.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are signed out. See you soon!"))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = RelaisPasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "emails/accounts/password_reset_subject.txt"
    email_template_name = "emails/accounts/password_reset_body.txt"
    html_email_template_name = "emails/accounts/password_reset_body.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    @property
    def extra_email_context(self) -> dict:
        # Links point at SITE_URL, like every other email, rather than at the Host header of the request.
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        # Each request may send an email: limited per address so the form cannot be used to flood inboxes.
        try:
            rate_limit(self.request, "accounts.password_reset")
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, by_reset=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, by_reset=False)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


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
            return redirect_after_post(request, _safe_next(request) or "core:home")
        form.add_error(
            "token", _("This code is not valid. Check the time on your phone and try the next code.")
        )
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        qr = segno.make(device.config_url, micro=False)
        context["qr_svg_data_uri"] = qr.svg_data_uri(scale=4, dark="#1b1b1b")
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context)
