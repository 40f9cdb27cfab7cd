from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relais.fablab import maintenance, services
from relais.fablab.models import Booking, MaintenanceOrder, MaintenancePlan, Unavailability
from relais.fablab.rules import BookingRefused
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import BookingFactory


@pytest.fixture
def plan(machine):
    plan = MaintenancePlan.objects.create(
        machine=machine,
        title="Graisser les axes",
        interval=1,
        interval_unit="months",
        usage_hours=50,
        checklist="Nettoyer les axes\nGraisser",
        last_done_on=date(2026, 11, 15),
    )
    return plan


def test_calendar_plan_comes_due_after_its_interval(plan, frozen_now):
    assert maintenance.next_due_on(plan) == date(2026, 12, 15)
    assert maintenance.plans_generate_orders(today=date(2026, 12, 14)) == 0
    assert maintenance.plans_generate_orders(today=date(2026, 12, 15)) == 1
    assert maintenance.plans_generate_orders(today=date(2026, 12, 16)) == 0  # one open order per plan

    order = MaintenanceOrder.objects.get()
    assert order.kind == "preventive" and order.due_on == date(2026, 12, 15)
    assert [item["step"] for item in order.checklist] == ["Nettoyer les axes", "Graisser"]


def test_usage_plan_comes_due_after_hours_of_use(plan, machine, frozen_now):
    machine.usage_minutes = 50 * 60
    machine.save()

    assert maintenance.plans_generate_orders(today=date(2026, 12, 2)) == 1


def test_database_keeps_one_open_order_per_plan(plan, machine):
    MaintenanceOrder.objects.create(machine=machine, plan=plan, kind="preventive", title="A")

    with pytest.raises(IntegrityError), transaction.atomic():
        MaintenanceOrder.objects.create(machine=machine, plan=plan, kind="preventive", title="B")


def test_scheduled_order_blocks_bookings_and_flags_existing(
    plan, machine, authorised_member, fabmanager, frozen_now
):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(3, 14), end=at(3, 15))
    maintenance.plans_generate_orders(today=date(2026, 12, 15))
    order = MaintenanceOrder.objects.get()

    maintenance.order_schedule(order=order, start=at(3, 13), end=at(3, 17), actor=fabmanager)

    booking.refresh_from_db()
    assert booking.flagged_at is not None
    with pytest.raises(BookingRefused) as caught:
        services.booking_create(
            machine=machine, user=authorised_member, actor=authorised_member, start=at(3, 15), end=at(3, 16)
        )
    assert caught.value.rule == "unavailability"


def test_order_cannot_close_without_its_checklist(plan, machine, fabmanager, frozen_now):
    maintenance.plans_generate_orders(today=date(2026, 12, 15))
    order = MaintenanceOrder.objects.get()

    with pytest.raises(ValidationError):
        maintenance.order_close(order=order, actor=fabmanager, ticked=[0], time_spent_minutes=30)

    order.refresh_from_db()
    assert order.state == "new"


def test_closing_a_preventive_order_resets_the_plan(plan, machine, fabmanager, frozen_now):
    machine.usage_minutes = 3000
    machine.save()
    maintenance.plans_generate_orders(today=date(2026, 12, 2))
    order = MaintenanceOrder.objects.get()
    maintenance.order_schedule(order=order, start=at(3, 9), end=at(3, 12), actor=fabmanager)

    maintenance.order_close(order=order, actor=fabmanager, ticked=[0, 1], time_spent_minutes=45)

    plan.refresh_from_db()
    order.refresh_from_db()
    assert order.state == "done" and order.done_by == fabmanager
    assert plan.last_done_on == date(2026, 12, 2) and plan.usage_minutes_at_last == 3000
    assert not Unavailability.objects.exists()  # the window had not started: slots are free again
    assert Booking.objects.count() == 0


def test_order_update_refuses_closing_states(machine, fabmanager):
    order = maintenance.order_create(machine=machine, actor=fabmanager, title="Courroie usée")

    with pytest.raises(ValidationError):
        maintenance.order_update(order=order, actor=fabmanager, state="done", parts="none")
    maintenance.order_update(order=order, actor=fabmanager, state="waiting_parts", parts="ordered")

    order.refresh_from_db()
    assert order.state == "waiting_parts" and order.parts == "ordered"


def test_plan_needs_a_trigger(machine, fabmanager):
    with pytest.raises(ValidationError):
        maintenance.plan_save(
            plan=MaintenancePlan(machine=machine, title="X", checklist="a"), actor=fabmanager, created=True
        )


def test_cancel_needs_a_reason(machine, fabmanager):
    order = maintenance.order_create(machine=machine, actor=fabmanager, title="Courroie usée")

    with pytest.raises(ValidationError):
        maintenance.order_cancel(order=order, actor=fabmanager, reason="")
    maintenance.order_cancel(order=order, actor=fabmanager, reason="Doublon")

    assert MaintenanceOrder.objects.get().state == "cancelled"


def test_indicators_availability_mtbf_mttr(machine, fabmanager):
    import time_machine

    from relais.fablab.indicators import machine_indicators
    from relais.fablab.tests.conftest import at as local

    with time_machine.travel(local(1, 9), tick=False):  # Tuesday 1 December, opening time
        machine.created_at = local(1, 9) - timedelta(days=10)
        machine.save()
        MaintenanceOrder.objects.create(
            machine=machine,
            kind="corrective",
            title="Buse",
            state="done",
            done_at=local(1, 9) + timedelta(hours=6),
        )
        services.machine_set_state(machine=machine, state="out_of_service", actor=fabmanager, reason="Buse")
    with time_machine.travel(local(1, 18), tick=False):
        services.machine_set_state(machine=machine, state="available", actor=fabmanager, reason="Réparée")
    with time_machine.travel(local(2, 18), tick=False):
        indicators = machine_indicators(machine, days=2)

    assert indicators.failures == 1
    assert indicators.mttr_hours == 6.0
    assert indicators.mtbf_days == 10.0
    assert indicators.availability == 50.0  # down all of Tuesday's 9 opening hours, up all of Wednesday's


def test_procedure_markdown_is_sanitised():
    from relais.fablab.templatetags.fablab import procedure

    html = procedure(
        "# Étape\n\n**Couper** le courant\n\n![Lentille](https://exemple.fr/l.jpg)\n\n<script>x</script>"
    )

    assert "<h3>Étape</h3>" in html and "<strong>Couper</strong>" in html
    assert '<img src="https://exemple.fr/l.jpg" alt="Lentille">' in html
    assert "<script>" not in html
