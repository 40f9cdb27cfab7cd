"""Which places a user may see, and with which roles.

Every query for private data goes through these helpers: an object of a place the user holds no role
in answers 404 (`get_object_in_places_or_404`), and a missing role inside one of the user's own places
answers 403 (`require_role`).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from relais.core.models import Membership, Organisation, Place, Role

ALL_ROLES = frozenset(Role.values)
# Roles that may see who a beneficiary or participant is; coordinators only ever see aggregates.
IDENTITY_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER})
STAFF_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER, Role.COORDINATOR})


def _place_filter_for_memberships(memberships: Iterable[Membership]) -> Q:
    place_ids, organisation_ids = set(), set()
    for membership in memberships:
        if membership.place_id:
            place_ids.add(membership.place_id)
        else:
            organisation_ids.add(membership.organisation_id)
    condition = Q(pk__in=place_ids)
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids) | Q(organisation__parent_id__in=organisation_ids)
    return condition


def _memberships(user, roles: Iterable[str] | None) -> list[Membership]:
    cache = getattr(user, "_relais_memberships", None)
    if cache is None:
        cache = list(
            Membership.objects.active().filter(user=user).only("place_id", "organisation_id", "role")
        )
        user._relais_memberships = cache
    wanted = set(roles) if roles is not None else None
    return [m for m in cache if wanted is None or m.role in wanted]


def places_for_user(user, roles: Iterable[str] | None = None) -> QuerySet[Place]:
    """Places where `user` holds one of `roles` (any role when None), directly or through an organisation."""
    if not user or not user.is_authenticated:
        return Place.objects.none()
    if user.is_superuser:
        return Place.objects.all()
    memberships = _memberships(user, roles)
    if not memberships:
        return Place.objects.none()
    return Place.objects.filter(_place_filter_for_memberships(memberships)).distinct()


def place_ids_for_user(user, roles: Iterable[str] | None = None) -> list[int]:
    return list(places_for_user(user, roles).values_list("pk", flat=True))


def organisations_for_user(user, roles: Iterable[str] | None = None) -> QuerySet[Organisation]:
    """Organisations the user holds a role in, their member organisations, and those owning their places."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    memberships = _memberships(user, roles)
    organisation_ids = {m.organisation_id for m in memberships if m.organisation_id}
    place_ids = {m.place_id for m in memberships if m.place_id}
    condition = Q(pk__in=organisation_ids) | Q(parent_id__in=organisation_ids) | Q(places__pk__in=place_ids)
    return Organisation.objects.filter(condition).distinct()


def roles_in_place(user, place: Place) -> set[str]:
    """Roles the user holds in `place`, directly, through its organisation or through its network."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(ALL_ROLES)
    roles = set()
    for membership in _memberships(user, None):
        if membership.place_id == place.pk:
            roles.add(membership.role)
        elif membership.organisation_id and membership.organisation_id in {
            place.organisation_id,
            place.organisation.parent_id,
        }:
            roles.add(membership.role)
    return roles


def roles_of_user(user) -> set[str]:
    """Every role the user holds anywhere (for menus and the home page)."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(ALL_ROLES)
    return {m.role for m in _memberships(user, None)}


def has_role(user, place: Place, roles: Iterable[str]) -> bool:
    return bool(roles_in_place(user, place) & set(roles))


def require_role(user, place: Place, roles: Iterable[str]) -> None:
    """403 when the user, who can see `place`, lacks every one of `roles` in it."""
    if not has_role(user, place, roles):
        raise PermissionDenied


def can_see_identities(user, place: Place) -> bool:
    return has_role(user, place, IDENTITY_ROLES)


def get_place_for_user(request: HttpRequest, slug: str, roles: Iterable[str] | None = None) -> Place:
    """The place with this slug if the user holds a role in it, else 404."""
    try:
        return places_for_user(request.user, roles).select_related("organisation").get(slug=slug)
    except Place.DoesNotExist as error:
        raise Http404 from error


def get_object_in_places_or_404(queryset: QuerySet, user, place_field: str = "place", **lookup) -> Model:
    """Fetch one object whose `place_field` is one of the user's places; anything else is "not found"."""
    scoped = queryset.filter(**{f"{place_field}__in": places_for_user(user)})
    try:
        return scoped.get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error


def forget_cached_roles(user) -> None:
    """Call after changing a user's memberships within one request."""
    if hasattr(user, "_relais_memberships"):
        del user._relais_memberships


def administered_organisations(user) -> QuerySet[Organisation]:
    """Organisations the user administers: held as administrator directly or through their network."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    organisation_ids = {m.organisation_id for m in _memberships(user, {Role.ADMIN}) if m.organisation_id}
    if not organisation_ids:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(pk__in=organisation_ids) | Q(parent_id__in=organisation_ids))


def administered_networks(user) -> QuerySet[Organisation]:
    """Networks in which the user may create member organisations."""
    return administered_organisations(user).networks()


def can_administer_organisation(user, organisation: Organisation) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organisation_ids = {m.organisation_id for m in _memberships(user, {Role.ADMIN}) if m.organisation_id}
    return bool(organisation_ids & {organisation.pk, organisation.parent_id})


def can_administer_place(user, place: Place) -> bool:
    return has_role(user, place, {Role.ADMIN})
