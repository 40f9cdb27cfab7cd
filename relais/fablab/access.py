"""Fetch fablab objects for a request: other places' private objects answer 404, a missing role 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from relais.core.models import Place
from relais.core.scoping import get_place_for_user, require_role
from relais.fablab.models import Authorisation, Booking, Machine
from relais.fablab.rules import MANAGER_ROLES, STAFF_ROLES, is_staff


def get_public_place(slug: str) -> Place:
    return get_object_or_404(Place.objects.visible(), slug=slug)


def get_machine_public(place_slug: str, slug: str) -> Machine:
    """A machine of a public place, retired ones excepted (reachable by anyone)."""
    return get_object_or_404(
        Machine.objects.active().select_related("place__organisation", "category"),
        place__slug=place_slug,
        place__is_active=True,
        slug=slug,
    )


def get_place_for_staff(request, slug: str) -> Place:
    place = get_place_for_user(request, slug)
    require_role(request.user, place, STAFF_ROLES)
    return place


def get_place_for_manager(request, slug: str) -> Place:
    place = get_place_for_user(request, slug)
    require_role(request.user, place, MANAGER_ROLES)
    return place


def get_machine_for_manager(request, place_slug: str, slug: str) -> Machine:
    place = get_place_for_manager(request, place_slug)
    return get_object_or_404(Machine.objects.select_related("place", "category"), place=place, slug=slug)


def get_booking_for_user(request, pk: int) -> Booking:
    """A booking of the user, or of a place where the user is staff; anything else is "not found"."""
    booking = get_object_or_404(
        Booking.objects.select_related(
            "machine__place__organisation", "machine__category", "user", "booked_by"
        ),
        pk=pk,
    )
    if booking.user_id != request.user.pk and not is_staff(request.user, booking.machine.place):
        raise Http404
    return booking


def get_authorisation_for_manager(request, pk: int) -> Authorisation:
    authorisation = get_object_or_404(
        Authorisation.objects.select_related("place__organisation", "user", "machine", "category"), pk=pk
    )
    get_place_for_manager(request, authorisation.place.slug)
    return authorisation
