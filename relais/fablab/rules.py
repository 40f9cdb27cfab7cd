"""Booking rules, checked on the server: opening hours, free slots and every refusal named by its rule."""

from datetime import datetime, timedelta
from functools import lru_cache

import opening_hours
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.core.models import Place, Role
from relais.core.scoping import has_role
from relais.fablab.models import BLOCKING_STATES, Authorisation, Booking, Machine, Unavailability

# Who may book for someone else, override rules and record use on behalf of a person.
STAFF_ROLES = frozenset({Role.ADMIN, Role.FABMANAGER, Role.MEDIATOR})
# Who manages machines, states, closures and authorisations.
MANAGER_ROLES = frozenset({Role.ADMIN, Role.FABMANAGER})

RULES = {
    "end_before_start": gettext_lazy("end after start"),
    "in_the_past": gettext_lazy("no booking in the past"),
    "machine_state": gettext_lazy("machine state"),
    "authorisation": gettext_lazy("authorisation required"),
    "horizon": gettext_lazy("booking horizon"),
    "min_length": gettext_lazy("minimum length"),
    "max_length": gettext_lazy("maximum length"),
    "opening_hours": gettext_lazy("opening hours"),
    "unavailability": gettext_lazy("closure or maintenance"),
    "weekly_quota": gettext_lazy("weekly quota"),
    "overlap": gettext_lazy("no overlap"),
    "cancellation_deadline": gettext_lazy("cancellation deadline"),
    "cancelled": gettext_lazy("booking already cancelled"),
}

# Rules staff may override when they book for someone (safety and physical rules cannot be overridden).
OVERRIDABLE_RULES = frozenset(
    {
        "in_the_past",
        "horizon",
        "min_length",
        "max_length",
        "opening_hours",
        "weekly_quota",
        "cancellation_deadline",
    }
)


class BookingRefused(ValidationError):
    """A booking request refused by a named rule (`rule` is one of RULES)."""

    def __init__(self, rule: str, message: str, field: str | None = None):
        self.rule = rule
        self.field = field
        text = _("Rule “%(rule)s”: %(message)s") % {"rule": RULES[rule], "message": message}
        super().__init__(text, code=rule)


def is_staff(user, place: Place) -> bool:
    return has_role(user, place, STAFF_ROLES)


def is_manager(user, place: Place) -> bool:
    return has_role(user, place, MANAGER_ROLES)


# Opening hours ---------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _parsed(expression: str):
    return opening_hours.OpeningHours(expression, country="FR")


def _naive_local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _aware(naive: datetime) -> datetime:
    return naive.replace(tzinfo=timezone.get_current_timezone())


def _merge(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def open_intervals(place: Place, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The periods between `start` and `end` when the place is open (all of it when it has no hours)."""
    if not place.opening_hours.strip():
        return [(start, end)]
    try:
        parsed = _parsed(place.opening_hours)
    except SyntaxError:
        return []
    found = []
    for interval_start, interval_end, state, _comment in parsed.intervals(
        _naive_local(start), _naive_local(end)
    ):
        if state == opening_hours.State.OPEN and interval_end is not None:
            found.append((max(_aware(interval_start), start), min(_aware(interval_end), end)))
    return _merge([(s, e) for s, e in found if e > s])


def within_opening_hours(place: Place, start: datetime, end: datetime) -> bool:
    return any(s <= start and e >= end for s, e in open_intervals(place, start, end))


def _subtract(free: list[tuple[datetime, datetime]], busy: list[tuple[datetime, datetime]]):
    for busy_start, busy_end in busy:
        remaining = []
        for start, end in free:
            if busy_end <= start or busy_start >= end:
                remaining.append((start, end))
                continue
            if busy_start > start:
                remaining.append((start, busy_start))
            if busy_end < end:
                remaining.append((busy_end, end))
        free = remaining
    return free


def unavailabilities_for(machine: Machine):
    return Unavailability.objects.filter(place_id=machine.place_id).filter(
        Q(machine__isnull=True) | Q(machine_id=machine.pk)
    )


def free_intervals(machine: Machine, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Bookable periods of `machine` between `start` and `end` at least its minimum length long."""
    if not machine.is_bookable:
        return []
    start = max(start, timezone.now().replace(second=0, microsecond=0))
    if end <= start:
        return []
    free = open_intervals(machine.place, start, end)
    busy = list(machine.bookings.active().overlapping(start, end).values_list("start", "end"))
    busy += list(
        unavailabilities_for(machine).filter(start__lt=end, end__gt=start).values_list("start", "end")
    )
    minimum = timedelta(minutes=machine.min_booking_minutes)
    return [(s, e) for s, e in _subtract(free, busy) if e - s >= minimum]


# Rules -----------------------------------------------------------------------------------------------


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    return _("%(hours)s h %(minutes)02d") % {"hours": hours, "minutes": rest}


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def week_bounds(moment: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(moment)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday, monday + timedelta(days=7)


def has_valid_authorisation(user, machine: Machine) -> bool:
    if not machine.requires_authorisation:
        return True
    return Authorisation.objects.filter(user=user).covering(machine).valid().exists()


def check_booking(
    *,
    machine: Machine,
    user,
    start: datetime,
    end: datetime,
    override: bool = False,
    exclude: Booking | None = None,
) -> None:
    """Raise BookingRefused naming the first rule the slot breaks; `override` skips the overridable ones."""

    def refuse(rule: str, message: str, field: str | None = None) -> None:
        if override and rule in OVERRIDABLE_RULES:
            return
        raise BookingRefused(rule, message, field)

    now = timezone.now()
    if end <= start:
        refuse("end_before_start", _("the end must come after the start."), "end")
    if machine.state in BLOCKING_STATES:
        refuse(
            "machine_state",
            _("“%(machine)s” is %(state)s and cannot be booked.")
            % {"machine": machine, "state": machine.get_state_display().lower()},
            "machine",
        )
    if start < now:
        refuse("in_the_past", _("this slot has already started."), "start")
    if not has_valid_authorisation(user, machine):
        refuse(
            "authorisation",
            _("a valid authorisation on “%(machine)s” is needed; follow its safety training first.")
            % {"machine": machine},
        )
    if start > now + timedelta(days=machine.booking_horizon_days):
        refuse(
            "horizon",
            _("“%(machine)s” can be booked at most %(days)s days ahead.")
            % {"machine": machine, "days": machine.booking_horizon_days},
            "start",
        )
    minutes = int((end - start).total_seconds() // 60)
    if minutes < machine.min_booking_minutes:
        refuse(
            "min_length",
            _("a booking lasts at least %(length)s.") % {"length": _hours(machine.min_booking_minutes)},
            "end",
        )
    if minutes > machine.max_booking_minutes:
        refuse(
            "max_length",
            _("a booking lasts at most %(length)s.") % {"length": _hours(machine.max_booking_minutes)},
            "end",
        )
    if not within_opening_hours(machine.place, start, end):
        refuse(
            "opening_hours",
            _("the place is not open for the whole slot (opening hours: %(hours)s).")
            % {"hours": machine.place.opening_hours},
            "start",
        )
    blocking = unavailabilities_for(machine).filter(start__lt=end, end__gt=start).first()
    if blocking:
        refuse(
            "unavailability",
            _("the machine is unavailable from %(start)s to %(end)s (%(reason)s).")
            % {"start": _local(blocking.start), "end": _local(blocking.end), "reason": blocking.reason},
            "start",
        )
    others = Booking.objects.active().filter(machine=machine)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if machine.weekly_quota_minutes:
        week_start, week_end = week_bounds(start)
        booked = sum(
            b.duration_minutes for b in others.filter(user=user, start__gte=week_start, start__lt=week_end)
        )
        if booked + minutes > machine.weekly_quota_minutes:
            refuse(
                "weekly_quota",
                _("%(booked)s already booked this week on this machine; the quota is %(quota)s per week.")
                % {"booked": _hours(booked), "quota": _hours(machine.weekly_quota_minutes)},
            )
    if others.overlapping(start, end).exists():
        raise BookingRefused("overlap", _("this slot is already booked."), "start")


def check_cancellation(*, booking: Booking, override: bool = False) -> None:
    if booking.is_cancelled:
        raise BookingRefused("cancelled", _("this booking was already cancelled."))
    if not override and timezone.now() > booking.cancellation_deadline():
        raise BookingRefused(
            "cancellation_deadline",
            _("bookings of “%(machine)s” can be cancelled or moved up to %(hours)s hours before they start.")
            % {"machine": booking.machine, "hours": booking.machine.cancellation_deadline_hours},
        )


def free_this_week(machine: Machine) -> list[tuple[datetime, datetime]]:
    """Free periods from now to the end of the seventh day ahead (whole days, as people read them)."""
    now = timezone.now()
    last_day = timezone.localtime(now).date() + timedelta(days=7)
    return free_intervals(machine, now, _aware(datetime.combine(last_day, datetime.min.time())))
