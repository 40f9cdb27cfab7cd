"""Week calendars of machines and places: opening hours, bookings, unavailabilities and free slots."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from relais.fablab.models import Booking, Machine, Unavailability
from relais.fablab.rules import free_intervals, open_intervals, unavailabilities_for


@dataclass
class Day:
    day: date
    open: list = field(default_factory=list)
    bookings: list = field(default_factory=list)
    unavailabilities: list = field(default_factory=list)
    free: list = field(default_factory=list)


def week_start(value: str | None) -> date:
    """The Monday of the week asked for in `?semaine=YYYY-MM-DD`, this week by default."""
    try:
        chosen = date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        chosen = timezone.localdate()
    return chosen - timedelta(days=chosen.weekday())


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    following = day + timedelta(days=1)
    return start, datetime(following.year, following.month, following.day, tzinfo=tz)


def machine_week(machine: Machine, monday: date) -> list[Day]:
    days = [Day(day=monday + timedelta(days=offset)) for offset in range(7)]
    week_begin, _end = _day_bounds(monday)
    _begin, week_end = _day_bounds(monday + timedelta(days=6))
    bookings = list(
        machine.bookings.active().overlapping(week_begin, week_end).select_related("user").order_by("start")
    )
    windows = list(unavailabilities_for(machine).filter(start__lt=week_end, end__gt=week_begin))
    for day in days:
        begin, end = _day_bounds(day.day)
        day.open = open_intervals(machine.place, begin, end)
        day.bookings = [b for b in bookings if b.start < end and b.end > begin]
        day.unavailabilities = [w for w in windows if w.start < end and w.end > begin]
        day.free = free_intervals(machine, begin, end)
    return days


def place_week(place, monday: date) -> list[dict]:
    """One entry per day: the place's opening hours and, per machine, its bookings and windows."""
    week_begin, _end = _day_bounds(monday)
    _begin, week_end = _day_bounds(monday + timedelta(days=6))
    machines = list(Machine.objects.for_place(place).active().select_related("category"))
    bookings = list(
        Booking.objects.active()
        .filter(machine__place=place)
        .overlapping(week_begin, week_end)
        .select_related("user", "machine")
        .order_by("start")
    )
    windows = list(Unavailability.objects.filter(place=place, start__lt=week_end, end__gt=week_begin))
    result = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        begin, end = _day_bounds(day)
        rows = []
        for machine in machines:
            rows.append(
                {
                    "machine": machine,
                    "bookings": [
                        b for b in bookings if b.machine_id == machine.pk and b.start < end and b.end > begin
                    ],
                    "unavailabilities": [
                        w
                        for w in windows
                        if w.machine_id in (None, machine.pk) and w.start < end and w.end > begin
                    ],
                }
            )
        result.append({"day": day, "open": open_intervals(place, begin, end), "machines": rows})
    return result
