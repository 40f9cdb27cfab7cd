"""Maintenance services: plans due by calendar or usage, orders, windows that block bookings, closing."""

from datetime import date, datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.fablab import services
from relais.fablab.incidents import notify_reporter_if_fixed
from relais.fablab.models import Machine, MaintenanceOrder, MaintenancePlan, Unavailability

State = MaintenanceOrder.State


def next_due_on(plan: MaintenancePlan) -> date | None:
    """The calendar due date: one interval after the last time it was done (or after the plan was made)."""
    if not plan.interval:
        return None
    since = plan.last_done_on or timezone.localtime(plan.created_at).date()
    step = {"days": relativedelta(days=plan.interval), "weeks": relativedelta(weeks=plan.interval)}.get(
        plan.interval_unit, relativedelta(months=plan.interval)
    )
    return since + step


def usage_hours_since(plan: MaintenancePlan, machine: Machine | None = None) -> Decimal:
    machine = machine or plan.machine
    return Decimal(max(machine.usage_minutes - plan.usage_minutes_at_last, 0)) / 60


def is_due(plan: MaintenancePlan, today: date) -> bool:
    due = next_due_on(plan)
    if due is not None and due <= today:
        return True
    return plan.usage_hours is not None and usage_hours_since(plan) >= plan.usage_hours


@transaction.atomic
def plan_save(*, plan: MaintenancePlan, actor, created: bool) -> MaintenancePlan:
    if plan.interval is None and plan.usage_hours is None:
        raise ValidationError(_("Give a calendar interval, a number of hours of use, or both."))
    plan.save()
    journal_log(
        actor=actor,
        action="maintenance_plan.create" if created else "maintenance_plan.update",
        target=plan,
        place=plan.machine.place,
    )
    return plan


def plans_generate_orders(*, today: date | None = None) -> int:
    """Daily: open an order for every active plan that is due and has no open order. Safe to repeat."""
    today = today or timezone.localdate()
    created = 0
    plans = MaintenancePlan.objects.filter(is_active=True).exclude(
        orders__state__in=MaintenanceOrder.OPEN_STATES
    )
    for plan in plans.select_related("machine__place"):
        if not is_due(plan, today):
            continue
        try:
            with transaction.atomic():
                order = MaintenanceOrder.objects.create(
                    machine=plan.machine,
                    plan=plan,
                    kind=MaintenanceOrder.Kind.PREVENTIVE,
                    title=plan.title,
                    description=plan.procedure,
                    due_on=next_due_on(plan) or today,
                    checklist=[{"step": line, "done": False} for line in plan.checklist_lines()],
                )
                journal_log(
                    actor=None, action="maintenance_order.create", target=order, place=plan.machine.place
                )
        except IntegrityError:
            continue  # another run opened it meanwhile: one open order per plan
        created += 1
    return created


@transaction.atomic
def order_create(
    *,
    machine: Machine,
    actor,
    title: str,
    description: str = "",
    due_on: date | None = None,
    checklist: list[str] = (),
) -> MaintenanceOrder:
    """A corrective order (something to repair) on a machine."""
    order = MaintenanceOrder.objects.create(
        machine=machine,
        kind=MaintenanceOrder.Kind.CORRECTIVE,
        title=title,
        description=description,
        due_on=due_on,
        checklist=[{"step": line, "done": False} for line in checklist],
    )
    journal_log(actor=actor, action="maintenance_order.create", target=order, place=machine.place)
    return order


@transaction.atomic
def order_schedule(*, order: MaintenanceOrder, start: datetime, end: datetime, actor) -> MaintenanceOrder:
    """Book the machine for the job: the window blocks slots; bookings inside it are flagged and told."""
    order = (
        MaintenanceOrder.objects.select_for_update(of=("self",))
        .select_related("machine__place", "window")
        .get(pk=order.pk)
    )
    if not order.is_open:
        raise ValidationError(_("This order is closed."))
    if order.window is not None:
        services.unavailability_delete(window=order.window, actor=actor)
    order.window = services.unavailability_create(
        place=order.machine.place,
        machine=order.machine,
        kind=Unavailability.Kind.MAINTENANCE,
        start=start,
        end=end,
        reason=order.title[:200],
        actor=actor,
    )
    if order.state == State.NEW:
        order.state = State.SCHEDULED
    order.save(update_fields=["window", "state", "updated_at"])
    journal_log(actor=actor, action="maintenance_order.schedule", target=order, place=order.machine.place)
    return order


@transaction.atomic
def order_update(
    *, order: MaintenanceOrder, actor, state: str, parts: str, parts_note: str = ""
) -> MaintenanceOrder:
    """Move an open order along (in progress, waiting for parts…); closing goes through `order_close`."""
    if state not in (State.NEW, State.SCHEDULED, State.IN_PROGRESS, State.WAITING_PARTS):
        raise ValidationError({"state": _("Close or cancel the order with its own button.")})
    if not order.is_open:
        raise ValidationError(_("This order is closed."))
    before = order.state
    order.state, order.parts, order.parts_note = state, parts, parts_note
    order.save(update_fields=["state", "parts", "parts_note", "updated_at"])
    journal_log(
        actor=actor,
        action="maintenance_order.update",
        target=order,
        place=order.machine.place,
        before=before,
        after=state,
        parts=parts,
    )
    return order


def _release_window(order: MaintenanceOrder, actor) -> None:
    """Give back the rest of the window: slots after now become bookable again."""
    window = order.window
    if window is None:
        return
    now = timezone.now()
    if window.start >= now:
        order.window = None
        services.unavailability_delete(window=window, actor=actor)
    elif window.end > now:
        window.end = now
        window.save(update_fields=["end", "updated_at"])


@transaction.atomic
def order_close(
    *,
    order: MaintenanceOrder,
    actor,
    ticked: list[int],
    time_spent_minutes: int,
    cost: Decimal | None = None,
    notes: str = "",
) -> MaintenanceOrder:
    """Close an order once every checklist step is ticked; a preventive one restarts its plan's counters."""
    order = (
        MaintenanceOrder.objects.select_for_update(of=("self",))
        .select_related("machine__place", "plan", "window")
        .get(pk=order.pk)
    )
    if not order.is_open:
        raise ValidationError(_("This order is closed."))
    missing = [item["step"] for index, item in enumerate(order.checklist) if index not in ticked]
    if missing:
        raise ValidationError(
            _("Every step of the checklist must be done before closing. Missing: %(steps)s.")
            % {"steps": "; ".join(missing)}
        )
    if time_spent_minutes is None or time_spent_minutes <= 0:
        raise ValidationError({"time_spent_minutes": _("Say how long the job took.")})
    order.checklist = [{"step": item["step"], "done": True} for item in order.checklist]
    order.state, order.done_by, order.done_at = State.DONE, actor, timezone.now()
    order.time_spent_minutes, order.cost, order.notes = time_spent_minutes, cost, notes
    _release_window(order, actor)
    order.save()
    if order.plan_id:
        machine = Machine.objects.get(pk=order.machine_id)
        MaintenancePlan.objects.filter(pk=order.plan_id).update(
            last_done_on=timezone.localdate(), usage_minutes_at_last=machine.usage_minutes
        )
    notify_reporter_if_fixed(order)
    journal_log(
        actor=actor,
        action="maintenance_order.close",
        target=order,
        place=order.machine.place,
        minutes=time_spent_minutes,
        cost=str(cost) if cost is not None else None,
    )
    return order


@transaction.atomic
def order_cancel(*, order: MaintenanceOrder, actor, reason: str) -> MaintenanceOrder:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    if not order.is_open:
        raise ValidationError(_("This order is closed."))
    order.state = State.CANCELLED
    order.notes = reason.strip()
    _release_window(order, actor)
    order.save()
    journal_log(
        actor=actor, action="maintenance_order.cancel", target=order, place=order.machine.place, reason=reason
    )
    return order
