"""Who may do what with projects and the partner directory, and the scoped getters (404 outside)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from relais.core.models import Role
from relais.core.scoping import has_role, places_for_user

# Roles that run projects in a place: they create projects and edit any project of the place.
PROJECT_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER})
# Roles that maintain the partner directory (coordinators animate the network).
DIRECTORY_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER, Role.COORDINATOR})
# Roles whose own time on projects and partnerships is logged.
COORDINATION_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER, Role.COORDINATOR})


def get_project_for_user(request, pk: int):
    from relais.projects.models import Project

    try:
        return Project.objects.for_user(request.user).select_related("place", "owner").get(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error


def get_partner_for_user(request, pk: int):
    from relais.projects.models import Partner

    try:
        return Partner.objects.visible_to(request.user).select_related("place").get(pk=pk)
    except Partner.DoesNotExist as error:
        raise Http404 from error


def can_edit_project(user, project) -> bool:
    if project.owner_id == user.pk or has_role(user, project.place, PROJECT_ROLES):
        return True
    return project.members.filter(user=user).exists()


def require_project_editor(user, project) -> None:
    if not can_edit_project(user, project):
        raise PermissionDenied


def can_edit_partner(user, partner) -> bool:
    return has_role(user, partner.place, DIRECTORY_ROLES)


def require_partner_editor(user, partner) -> None:
    if not can_edit_partner(user, partner):
        raise PermissionDenied


def project_places(user):
    """Places where the user may start a project."""
    return places_for_user(user, PROJECT_ROLES).order_by("name")


def directory_places(user):
    return places_for_user(user, DIRECTORY_ROLES).order_by("name")
