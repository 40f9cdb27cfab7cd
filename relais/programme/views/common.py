"""Access helpers shared by the programme's staff views: scoped lookups (404 outside one's places)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from relais.core.models import Role
from relais.core.scoping import get_object_in_places_or_404, has_role, places_for_user
from relais.programme.models import Event, Registration, Session, Workshop

# Roles that run the programme and see who registered; coordinators see figures only.
MANAGE_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER})
VIEW_ROLES = MANAGE_ROLES | {Role.COORDINATOR}


def manageable_places(user):
    return places_for_user(user, MANAGE_ROLES)


def require_manage(user, place) -> None:
    if not has_role(user, place, MANAGE_ROLES):
        raise PermissionDenied


def get_workshop_for_user(request: HttpRequest, pk: int) -> Workshop:
    return get_object_in_places_or_404(Workshop.objects.select_related("place"), request.user, pk=pk)


def get_event_for_user(request: HttpRequest, pk: int) -> Event:
    return get_object_in_places_or_404(Event.objects.select_related("place", "workshop"), request.user, pk=pk)


def get_session_for_user(request: HttpRequest, pk: int) -> Session:
    return get_object_in_places_or_404(
        Session.objects.select_related("event__place", "place", "series"), request.user, pk=pk
    )


def get_registration_for_user(request: HttpRequest, pk: int) -> Registration:
    return get_object_in_places_or_404(
        Registration.objects.select_related("session__event", "session__place"),
        request.user,
        place_field="session__place",
        pk=pk,
    )


def get_registration_by_token(token: str) -> Registration:
    try:
        return Registration.objects.select_related("session__event", "session__place").get(token=token)
    except Registration.DoesNotExist as error:
        raise Http404 from error
