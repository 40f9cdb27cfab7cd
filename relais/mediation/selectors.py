"""Reads of the mediation desk: who may see what, and the filtered activity list shared by the pages,
the exports and the API."""

import datetime
import heapq
from dataclasses import dataclass
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import Http404

from relais.core.models import Role
from relais.core.scoping import STAFF_ROLES, has_role, places_for_user
from relais.mediation.models import Activity, Beneficiary

# Roles that record activities; coordinators read aggregates and anonymised rows only.
RECORD_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER})
# Roles that see the people accompanied (files, names in the lists): a fablab manager records anonymous
# activities but sees no beneficiary, unless also a mediator of the place (data minimisation).
BENEFICIARY_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR})


def can_see_beneficiaries(user, place) -> bool:
    return has_role(user, place, BENEFICIARY_ROLES)


def recording_places(user):
    return places_for_user(user, RECORD_ROLES).select_related("organisation").order_by("name")


def activity_places(user):
    return places_for_user(user, STAFF_ROLES).select_related("organisation").order_by("name")


def identity_places(user):
    return places_for_user(user, BENEFICIARY_ROLES).select_related("organisation").order_by("name")


def identity_place_ids(user) -> set[int]:
    return set(identity_places(user).values_list("pk", flat=True))


def get_activity_for_user(user, pk: int) -> Activity:
    """The activity if it belongs to a place where the user is staff, else 404."""
    try:
        return Activity.objects.select_related("place__organisation", "author", "beneficiary").get(
            pk=pk, place__in=places_for_user(user, STAFF_ROLES)
        )
    except Activity.DoesNotExist as error:
        raise Http404 from error


def get_beneficiary_for_user(user, pk: int) -> Beneficiary:
    """The file if in one of the user's places (else 404) and the user may see identities (else 403)."""
    try:
        beneficiary = Beneficiary.objects.select_related("place__organisation").get(
            pk=pk, place__in=places_for_user(user)
        )
    except Beneficiary.DoesNotExist as error:
        raise Http404 from error
    if not can_see_beneficiaries(user, beneficiary.place):
        raise PermissionDenied
    return beneficiary


@dataclass
class ActivityFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    kind: str = ""
    theme: str = ""
    place: int | None = None
    author: int | None = None
    tag: int | None = None
    beneficiary: int | None = None

    @classmethod
    def from_cleaned(cls, data: dict) -> "ActivityFilters":
        def pk(value):
            return getattr(value, "pk", value) or None

        return cls(
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind") or "",
            theme=data.get("theme") or "",
            place=pk(data.get("place")),
            author=pk(data.get("author")),
            tag=pk(data.get("tag")),
            beneficiary=data.get("beneficiary") or None,
        )


def filter_activities(queryset: QuerySet, filters: ActivityFilters) -> QuerySet:
    if filters.start:
        queryset = queryset.filter(date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(date__lte=filters.end)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.place:
        queryset = queryset.filter(place_id=filters.place)
    if filters.author:
        queryset = queryset.filter(author_id=filters.author)
    if filters.tag:
        queryset = queryset.filter(tags__pk=filters.tag)
    if filters.beneficiary:
        queryset = queryset.filter(
            Q(beneficiary_id=filters.beneficiary) | Q(participants__pk=filters.beneficiary)
        )
        queryset = queryset.distinct()
    if filters.theme:
        queryset = queryset.with_theme(filters.theme)
    return queryset


def activities_for_user(user, filters: ActivityFilters | None = None) -> QuerySet:
    places = list(places_for_user(user, STAFF_ROLES).values_list("pk", flat=True))
    queryset = Activity.objects.filter(place_id__in=places)
    if filters is not None:
        queryset = filter_activities(queryset, filters)
    return queryset.order_by("-date", "-pk")


@dataclass
class Window:
    """One page of a long list without counting every row: `has_next` comes from one extra row."""

    rows: list
    number: int
    has_next: bool
    total: int
    total_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


COUNT_CAP = 200


def window(queryset: QuerySet, page, size: int = 25, *, place_ids: list[int] | None = None) -> Window:
    """One page of activities, newest first.

    With several places, each place is read along its own (place, date) index and the streams are
    merged: a single query on `place IN (…) ORDER BY date` makes the database sort every matching row.
    """
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * size
    if place_ids is None or len(place_ids) <= 1:
        rows = list(queryset[start : start + size + 1])
        total = queryset.order_by()[: COUNT_CAP + 1].count()
    else:
        need = start + size + 1
        streams = [list(queryset.filter(place_id=pk).values_list("date", "pk")[:need]) for pk in place_ids]
        merged = heapq.merge(*streams, reverse=True)
        wanted = [pk for _date, pk in islice(merged, start, start + size + 1)]
        by_pk = queryset.model.objects.filter(pk__in=wanted).select_related("place", "author", "beneficiary")
        by_pk = {activity.pk: activity for activity in by_pk.prefetch_related("tags")}
        rows = [by_pk[pk] for pk in wanted]
        total = _total(queryset, streams, need)
    return Window(
        rows=rows[:size],
        number=number,
        has_next=len(rows) > size,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )


def _total(queryset: QuerySet, streams: list[list], need: int) -> int:
    """The number of matches, up to COUNT_CAP + 1: free when every stream was read to its end."""
    if all(len(stream) < need for stream in streams):
        return sum(len(stream) for stream in streams)
    return queryset.order_by()[: COUNT_CAP + 1].count()


def beneficiary_window(queryset: QuerySet, page, size: int, *, place_ids: list[int]) -> Window:
    """One page of files in name order; on SQLite each place is read along its (place, name) index and
    the streams merged (byte order of UTF-8 is code-point order, as in Python), instead of sorting
    every match of `place IN (…)`."""
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * size
    ordered = queryset.order_by("last_name", "first_name", "pk")
    if len(place_ids) <= 1 or connections[queryset.db].vendor != "sqlite":
        rows = list(ordered.select_related("place")[start : start + size + 1])
        total = queryset.order_by()[: COUNT_CAP + 1].count()
    else:
        need = start + size + 1
        streams = [
            list(ordered.filter(place_id=pk).values_list("last_name", "first_name", "pk")[:need])
            for pk in place_ids
        ]
        wanted = [key[2] for key in islice(heapq.merge(*streams), start, start + size + 1)]
        found = {
            person.pk: person
            for person in queryset.model.objects.filter(pk__in=wanted).select_related("place")
        }
        rows = [found[pk] for pk in wanted]
        total = _total(queryset, streams, need)
    return Window(
        rows=rows[:size],
        number=number,
        has_next=len(rows) > size,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )
