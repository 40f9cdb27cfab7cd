"""Fablab indicators for a scope and period: bookings, hours used, availability, MTBF/MTTR, consumables.

Availability = share of the period a machine was not out of service or retired, from its state history.
A failure is an entry into "out of service"; MTTR = mean time until it left that state; MTBF = time in
service / failures. Hours are decimal hours.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from relais.fablab.models import (
    BLOCKING_STATES,
    Booking,
    Machine,
    MachineState,
    MachineStateChange,
    UsageRecord,
)
from relais.stats.filters import StatsFilters


def _bounds(filters: StatsFilters) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(filters.start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(filters.end + datetime.timedelta(days=1), datetime.time.min)
    )
    # In UTC: subtracting two datetimes of the same zone ignores a change of summer time in between.
    start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    return start, min(end, max(start, timezone.now()))


def _downtime(machine: Machine, changes: list, start, end) -> tuple[float, int, list[float]]:
    """Hours blocked in [start, end), failures started in it, and the length of each finished repair."""
    state = changes[0].from_state if changes else machine.state
    for change in changes:
        if change.created_at <= start:
            state = change.to_state
    blocked_since = start if state in BLOCKING_STATES else None
    downtime, failures, repairs = 0.0, 0, []
    for change in changes:
        if not start < change.created_at < end:
            continue
        if change.to_state in BLOCKING_STATES and blocked_since is None:
            blocked_since = change.created_at
            failures += change.to_state == MachineState.OUT_OF_SERVICE
        elif change.to_state not in BLOCKING_STATES and blocked_since is not None:
            hours = (change.created_at - blocked_since).total_seconds() / 3600
            downtime += hours
            repairs.append(hours)
            blocked_since = None
    if blocked_since is not None:
        downtime += (end - blocked_since).total_seconds() / 3600
    return downtime, failures, repairs


def fablab_indicators(filters: StatsFilters) -> dict:
    start, end = _bounds(filters)
    period_hours = max((end - start).total_seconds() / 3600, 0)
    machines = list(
        Machine.objects.filter(place_id__in=filters.place_ids).select_related("place").order_by("name")
    )
    bookings = Booking.objects.filter(machine__in=machines, start__gte=start, start__lt=end)
    booked = defaultdict(lambda: {"bookings": 0, "cancelled": 0, "booked_hours": 0.0})
    for booking in bookings.values("machine_id", "status", "start", "end"):
        row = booked[booking["machine_id"]]
        if booking["status"] == Booking.Status.CANCELLED:
            row["cancelled"] += 1
        else:
            row["bookings"] += 1
            row["booked_hours"] += (booking["end"] - booking["start"]).total_seconds() / 3600
    usage = {
        row["booking__machine_id"]: row
        for row in UsageRecord.objects.filter(booking__in=bookings)
        .values("booking__machine_id")
        .annotate(minutes=Sum("minutes_used"), quantity=Sum("quantity"), records=Count("pk"))
    }
    changes = defaultdict(list)
    for change in MachineStateChange.objects.filter(machine__in=machines, created_at__lt=end).order_by(
        "created_at"
    ):
        changes[change.machine_id].append(change)
    rows = []
    for machine in machines:
        downtime, failures, repairs = _downtime(machine, changes[machine.pk], start, end)
        used = usage.get(machine.pk, {})
        rows.append(
            {
                "machine": machine.name,
                "machine_id": machine.pk,
                "place": machine.place.name,
                **{
                    key: round(value, 2) if isinstance(value, float) else value
                    for key, value in booked[machine.pk].items()
                },
                "hours_used": round((used.get("minutes") or 0) / 60, 2),
                "consumables_used": float(used.get("quantity") or 0),
                "consumable_unit": machine.consumable_unit,
                "availability": round(1 - downtime / period_hours, 4) if period_hours else None,
                "failures": failures,
                "mtbf_hours": round((period_hours - downtime) / failures, 1) if failures else None,
                "mttr_hours": round(sum(repairs) / len(repairs), 1) if repairs else None,
            }
        )
    counts = bookings.aggregate(
        confirmed=Count("pk", filter=~Q(status=Booking.Status.CANCELLED)),
        cancelled=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
    )
    return {
        "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
        "machines": len(machines),
        "bookings": counts["confirmed"],
        "cancelled_bookings": counts["cancelled"],
        "hours_used": round(sum(row["hours_used"] for row in rows), 2),
        "by_machine": rows,
    }
