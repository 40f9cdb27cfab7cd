"""Roles of a place: members (direct and inherited), role changes, removals, invitations.

Only administrators of the place (directly, or through its organisation or network) get here; other
members of the place get 403, everyone else 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.accounts import services
from relais.accounts.forms import InvitationForm, MembershipRoleForm
from relais.accounts.models import Invitation
from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.models import Membership, Place, Role
from relais.core.scoping import get_place_for_user, require_role


def get_place_for_admin(request, slug: str) -> Place:
    place = get_place_for_user(request, slug)
    require_role(request.user, place, {Role.ADMIN})
    return place


def _roles_context(place: Place, *, invitation_form=None, row_errors=None) -> dict:
    direct = list(
        Membership.objects.active()
        .filter(place=place)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    for membership in direct:
        membership.row_errors = (row_errors or {}).get(membership.pk) or []
    inherited = (
        services.inherited_memberships(place)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    return {
        "place": place,
        "direct": direct,
        "inherited": inherited,
        "invitations": Invitation.objects.pending().filter(place=place).select_related("invited_by"),
        "invitation_form": invitation_form or InvitationForm(),
        "roles": Role.choices,
        "validity_days": settings.INVITATION_VALIDITY_DAYS,
    }


def _render_roles(request, place: Place, **kwargs):
    template = "accounts/_place_members.html" if is_htmx(request) else "accounts/place_roles.html"
    return render(request, template, _roles_context(place, **kwargs))


@login_required
@require_GET
def place_roles(request, slug):
    place = get_place_for_admin(request, slug)
    return _render_roles(request, place)


@login_required
@require_http_methods(["POST"])
def invitation_create(request, slug):
    place = get_place_for_admin(request, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(place=place, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect_after_post(request, "accounts:place-roles", slug=place.slug)
    return render(request, "accounts/place_roles.html", _roles_context(place, invitation_form=form))


@login_required
@require_http_methods(["POST"])
def membership_update(request, slug, pk):
    place = get_place_for_admin(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, place=place)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role of %(name)s has been changed.") % {"name": membership.user})
            return redirect_after_post(request, "accounts:place-roles", slug=place.slug)
    return _render_roles(
        request, place, row_errors={membership.pk: form.errors.get("__all__") or form.errors.get("role")}
    )


@login_required
@require_http_methods(["POST"])
def membership_delete(request, slug, pk):
    place = get_place_for_admin(request, slug)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, place=place)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        return _render_roles(request, place, row_errors={membership.pk: error.messages})
    messages.success(request, _("%(name)s no longer holds this role here.") % {"name": membership.user})
    return redirect_after_post(request, "accounts:place-roles", slug=place.slug)


@login_required
@require_http_methods(["POST"])
def invitation_revoke(request, slug, pk):
    place = get_place_for_admin(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, place=place)
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(
        request, _("The invitation of %(email)s has been revoked.") % {"email": invitation.email}
    )
    return redirect_after_post(request, "accounts:place-roles", slug=place.slug)


@login_required
@require_http_methods(["POST"])
def invitation_resend(request, slug, pk):
    place = get_place_for_admin(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, place=place)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new link has been sent to %(email)s.") % {"email": invitation.email})
    return redirect_after_post(request, "accounts:place-roles", slug=place.slug)
