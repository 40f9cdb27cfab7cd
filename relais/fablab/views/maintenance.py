from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import redirect_after_post
from relais.fablab import access, maintenance
from relais.fablab.forms import (
    CorrectiveOrderForm,
    MaintenancePlanForm,
    OrderCloseForm,
    OrderScheduleForm,
    OrderUpdateForm,
    RevokeForm,
)
from relais.fablab.indicators import machine_indicators as indicators_for
from relais.fablab.indicators import place_summary
from relais.fablab.models import Machine, MaintenanceOrder, MaintenancePlan


@login_required
@require_GET
def maintenance_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    orders = (
        MaintenanceOrder.objects.filter(machine__place=place, state__in=MaintenanceOrder.OPEN_STATES)
        .select_related("machine", "window")
        .order_by("due_on", "created_at")
    )
    plans = list(MaintenancePlan.objects.filter(machine__place=place).select_related("machine"))
    for plan in plans:
        plan.next_due = maintenance.next_due_on(plan)
        plan.hours_since = maintenance.usage_hours_since(plan)
    done = (
        MaintenanceOrder.objects.filter(machine__place=place, state=MaintenanceOrder.State.DONE)
        .select_related("machine", "done_by")
        .order_by("-done_at")[:20]
    )
    indicators = [
        indicators_for(machine)
        for machine in Machine.objects.for_place(place).active().select_related("place")
    ]
    context = {
        "place": place,
        "orders": orders,
        "plans": plans,
        "done": done,
        "today": timezone.localdate(),
        "indicators": indicators,
        "summary": place_summary(indicators),
    }
    return render(request, "fablab/maintenance_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = MaintenancePlanForm(request.POST or None, request.FILES or None, place=place)
    if form.is_valid():
        try:
            maintenance.plan_save(plan=form.save(commit=False), actor=request.user, created=True)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Maintenance plan saved; orders open by themselves when it comes due.")
            )
            return redirect_after_post(request, "fablab:maintenance-list", place_slug=place.slug)
    return render(request, "fablab/plan_form.html", {"place": place, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def order_create(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = CorrectiveOrderForm(request.POST or None, place=place)
    if form.is_valid():
        order = maintenance.order_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Maintenance order created."))
        return redirect_after_post(request, order)
    return render(request, "fablab/order_form.html", {"place": place, "form": form})


def _order(request, pk) -> MaintenanceOrder:
    order = get_object_or_404(
        MaintenanceOrder.objects.select_related("machine__place", "plan", "window"), pk=pk
    )
    access.get_place_for_manager(request, order.machine.place.slug)
    return order


def _detail(request, order, **forms):
    context = {
        "order": order,
        "place": order.machine.place,
        "schedule_form": forms.get("schedule_form") or OrderScheduleForm(),
        "update_form": forms.get("update_form")
        or OrderUpdateForm(
            initial={"state": order.state, "parts": order.parts, "parts_note": order.parts_note}
        ),
        "close_form": forms.get("close_form") or OrderCloseForm(order=order),
        "cancel_form": forms.get("cancel_form") or RevokeForm(),
    }
    return render(request, "fablab/order_detail.html", context)


@login_required
@require_GET
def order_detail(request, pk):
    return _detail(request, _order(request, pk))


def _order_action(request, pk, form_name, form, action):
    order = _order(request, pk)
    if form.is_valid():
        try:
            action(order, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Maintenance order updated."))
            return redirect_after_post(request, order)
    return _detail(request, order, **{form_name: form})


@login_required
@require_POST
def order_schedule(request, pk):
    return _order_action(
        request,
        pk,
        "schedule_form",
        OrderScheduleForm(request.POST),
        lambda order, data: maintenance.order_schedule(order=order, actor=request.user, **data),
    )


@login_required
@require_POST
def order_update(request, pk):
    return _order_action(
        request,
        pk,
        "update_form",
        OrderUpdateForm(request.POST),
        lambda order, data: maintenance.order_update(order=order, actor=request.user, **data),
    )


@login_required
@require_POST
def order_close(request, pk):
    order = _order(request, pk)
    return _order_action(
        request,
        pk,
        "close_form",
        OrderCloseForm(request.POST, order=order),
        lambda order, data: maintenance.order_close(
            order=order,
            actor=request.user,
            ticked=data.get("ticked", []),
            time_spent_minutes=data["time_spent_minutes"],
            cost=data["cost"],
            notes=data["notes"],
        ),
    )


@login_required
@require_POST
def order_cancel(request, pk):
    return _order_action(
        request,
        pk,
        "cancel_form",
        RevokeForm(request.POST),
        lambda order, data: maintenance.order_cancel(order=order, actor=request.user, reason=data["reason"]),
    )
