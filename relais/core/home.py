"""Blocks of the signed-in home page that the core offers: for each role, the places that matter to it."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.core.models import Role, TaskFailure
from relais.core.navigation import Panel
from relais.core.scoping import administered_networks, administered_organisations, places_for_user

PLACES_SHOWN = 8

ROLE_PANELS = [
    # role, title, order on the page
    (Role.MEDIATOR, gettext_lazy("Places where you are a mediator"), 20),
    (Role.COORDINATOR, gettext_lazy("Places of the networks you coordinate"), 30),
    (Role.FABMANAGER, gettext_lazy("Places where you manage the fablab"), 40),
    (Role.VOLUNTEER, gettext_lazy("Places where you volunteer"), 50),
]


def _places_context(user, role: str) -> dict:
    places = places_for_user(user, {role}).select_related("organisation").order_by("name")
    shown = list(places[:PLACES_SHOWN])
    count = len(shown) if len(shown) < PLACES_SHOWN else places.count()
    return {"places": shown, "count": count, "more": count > len(shown)}


def panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    result = []
    if user.is_superuser or places_for_user(user, {Role.ADMIN}).exists():
        result.append(_admin_panel(user))
    for role, title, order in ROLE_PANELS:
        if user.is_superuser:
            break
        context = _places_context(user, role)
        if context["places"]:
            result.append(Panel(str(title), "core/_panel_places.html", context, order=order))
    return result


def _admin_panel(user) -> Panel:
    context = _places_context(user, Role.ADMIN)
    context.update(
        {
            "open_failures": TaskFailure.objects.filter(resolved_at__isnull=True).count(),
            "failures_url": reverse("core:task-failure-list"),
            "can_create_place": administered_organisations(user).exists(),
            "can_create_organisation": user.is_superuser or administered_networks(user).exists(),
        }
    )
    return Panel(_("Administration"), "core/_panel_admin.html", context, order=10)
