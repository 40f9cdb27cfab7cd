"""Maintenance indicators per machine: availability over opening hours, MTBF, MTTR, overdue orders."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from relais.fablab.models import BLOCKING_STATES, Machine, MaintenanceOrder
from relais.fablab.rules import open_intervals


@dataclass
class MachineIndicators:
    machine: Machine
    availability: float | None  # share of opening hours not out of service, in %
    mtbf_days: float | None
    mttr_hours: float | None
    failures: int
    overdue: int


def _down_periods(machine: Machine, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Periods the machine spent out of service or retired, from its journalled state changes."""
    changes = list(machine.state_changes.filter(created_at__lt=end).order_by("created_at", "id"))
    periods, down_since = [], None
    state_at_start = changes[0].from_state if changes else machine.state
    for change in changes:
        if change.created_at <= start:
            state_at_start = change.to_state
    if state_at_start in BLOCKING_STATES:
        down_since = start
    for change in changes:
        if change.created_at <= start:
            continue
        if change.to_state in BLOCKING_STATES and down_since is None:
            down_since = change.created_at
        elif change.to_state not in BLOCKING_STATES and down_since is not None:
            periods.append((down_since, change.created_at))
            down_since = None
    if down_since is not None:
        periods.append((down_since, end))
    return periods


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> timedelta:
    return max(min(a[1], b[1]) - max(a[0], b[0]), timedelta(0))


def availability(machine: Machine, start: datetime, end: datetime) -> float | None:
    opened = open_intervals(machine.place, start, end)
    total = sum((e - s for s, e in opened), timedelta(0))
    if not total:
        return None
    down = sum((_overlap(o, d) for o in opened for d in _down_periods(machine, start, end)), timedelta(0))
    return round(100 * (1 - down / total), 1)


def machine_indicators(machine: Machine, *, days: int = 90) -> MachineIndicators:
    end = timezone.now()
    failures = list(
        machine.maintenance_orders.filter(
            kind=MaintenanceOrder.Kind.CORRECTIVE, state=MaintenanceOrder.State.DONE
        )
        .exclude(done_at=None)
        .order_by("created_at")
    )
    mttr = (
        round(sum((o.done_at - o.created_at).total_seconds() for o in failures) / len(failures) / 3600, 1)
        if failures
        else None
    )
    # In service since the machine was recorded, or since its first known failure if that is older.
    in_service = min(machine.created_at, failures[0].created_at) if failures else None
    mtbf = (
        round((failures[-1].created_at - in_service).total_seconds() / len(failures) / 86400, 1)
        if failures
        else None
    )
    overdue = sum(
        1
        for order in machine.maintenance_orders.filter(state__in=MaintenanceOrder.OPEN_STATES)
        if order.is_overdue
    )
    return MachineIndicators(
        machine=machine,
        availability=availability(machine, end - timedelta(days=days), end),
        mtbf_days=mtbf,
        mttr_hours=mttr,
        failures=len(failures),
        overdue=overdue,
    )


def place_summary(indicators: list[MachineIndicators]) -> dict:
    """The place's figures: mean availability of its machines, repairs, overdue orders."""
    known = [item.availability for item in indicators if item.availability is not None]
    return {
        "availability": round(sum(known) / len(known), 1) if known else None,
        "failures": sum(item.failures for item in indicators),
        "overdue": sum(item.overdue for item in indicators),
        "usage_hours": round(sum(item.machine.usage_minutes for item in indicators) / 60, 1),
    }
