"""The digital-presence block of the signed-in home page: objectives due soon and running batches."""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.core.scoping import STAFF_ROLES, places_for_user
from relais.presence.models import AuditBatch, Objective

SHOWN = 5


def panels(request: HttpRequest) -> list[Panel]:
    places = places_for_user(request.user, STAFF_ROLES)
    soon = timezone.localdate() + timedelta(days=31)
    objectives = list(
        Objective.objects.filter(subject__place__in=places, achieved_on__isnull=True, due_on__lte=soon)
        .select_related("subject")
        .order_by("due_on")[:SHOWN]
    )
    batches = list(
        AuditBatch.objects.filter(territory__place__in=places, status__in=["queued", "running"])
        .select_related("territory")
        .order_by("-created_at")[:SHOWN]
    )
    if not objectives and not batches:
        return []
    context = {"objectives": objectives, "batches": batches}
    return [Panel(_("Digital presence"), "presence/_home_panel.html", context, order=70)]
