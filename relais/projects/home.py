"""Block on the signed-in home page: the projects the user takes part in."""

from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.projects.models import Project


def panels(request) -> list[Panel]:
    projects = list(
        Project.objects.for_user(request.user)
        .filter(members__user=request.user)
        .exclude(status__in=[Project.Status.DONE, Project.Status.ABANDONED])
        .select_related("place")
        .order_by("-updated_at")[:5]
    )
    if not projects:
        return []
    return [Panel(_("Your projects"), "projects/_panel_projects.html", {"projects": projects}, order=40)]
