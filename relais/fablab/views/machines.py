from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import places_for_user
from relais.fablab import access, calendar, services
from relais.fablab.forms import MachineForm, MachineStateForm
from relais.fablab.models import Authorisation, Booking, Category, Consumable, Machine, MaintenanceOrder
from relais.fablab.rules import STAFF_ROLES, free_this_week, has_valid_authorisation, is_manager, is_staff


@login_required
@require_GET
def home(request):
    staff_places = places_for_user(request.user, STAFF_ROLES).order_by("name")
    fablabs = (
        Machine.objects.public()
        .values("place__slug", "place__name", "place__commune")
        .order_by("place__name")
        .distinct()
    )
    upcoming = (
        Booking.objects.active()
        .upcoming()
        .filter(user=request.user)
        .select_related("machine__place")
        .order_by("start")[:5]
    )
    context = {"staff_places": staff_places, "fablabs": fablabs, "upcoming": upcoming}
    return render(request, "fablab/home.html", context)


@login_required
@require_GET
def place_dashboard(request, place_slug):
    place = access.get_place_for_staff(request, place_slug)
    now = timezone.now()
    today_end = timezone.localtime(now).replace(hour=23, minute=59)
    machines = Machine.objects.for_place(place).select_related("category")
    context = {
        "place": place,
        "machines": machines,
        "is_manager": is_manager(request.user, place),
        "today": Booking.objects.active()
        .filter(machine__place=place, end__gte=now, start__lte=today_end)
        .select_related("machine", "user")
        .order_by("start"),
        "flagged": Booking.objects.active()
        .filter(machine__place=place, flagged_at__isnull=False, end__gte=now)
        .select_related("machine", "user")
        .order_by("start"),
        "low_stock": Consumable.objects.filter(place=place).low(),
        "expiring": Authorisation.objects.filter(place=place)
        .valid()
        .filter(expires_on__lte=timezone.localdate() + timedelta(days=30))
        .select_related("user", "machine", "category")
        .order_by("expires_on"),
    }
    return render(request, "fablab/place_dashboard.html", context)


@require_GET
def machine_list(request, place_slug):
    place = access.get_public_place(place_slug)
    machines = Machine.objects.public().filter(place=place).select_related("category", "place")
    chosen = request.GET.get("categorie", "")
    if chosen:
        machines = machines.filter(category__slug=chosen)
    categories = Category.objects.filter(machines__place=place).distinct()
    context = {"place": place, "machines": machines, "categories": categories, "chosen": chosen}
    template = "fablab/_machine_cards.html" if is_htmx(request) else "fablab/machine_list.html"
    return render(request, template, context)


@require_GET
def machine_detail(request, place_slug, slug):
    machine = access.get_machine_public(place_slug, slug)
    staff = is_staff(request.user, machine.place)
    if not (machine.is_public and machine.place.is_visible) and not staff:
        raise Http404
    context = {
        "machine": machine,
        "place": machine.place,
        "free": free_this_week(machine),
        "is_staff": staff,
        "is_manager": is_manager(request.user, machine.place),
        "authorised": request.user.is_authenticated and has_valid_authorisation(request.user, machine),
        "state_changes": machine.state_changes.select_related("actor")[:10] if staff else [],
        "open_orders": machine.maintenance_orders.filter(state__in=MaintenanceOrder.OPEN_STATES)
        if staff
        else [],
    }
    return render(request, "fablab/machine_detail.html", context)


@require_GET
def machine_calendar(request, place_slug, slug):
    machine = access.get_machine_public(place_slug, slug)
    monday = calendar.week_start(request.GET.get("semaine"))
    context = {
        "machine": machine,
        "place": machine.place,
        "days": calendar.machine_week(machine, monday),
        "monday": monday,
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "show_names": is_staff(request.user, machine.place),
    }
    return render(request, "fablab/machine_calendar.html", context)


@require_GET
def place_calendar(request, place_slug):
    place = access.get_public_place(place_slug)
    monday = calendar.week_start(request.GET.get("semaine"))
    context = {
        "place": place,
        "days": calendar.place_week(place, monday),
        "monday": monday,
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "show_names": is_staff(request.user, place),
    }
    return render(request, "fablab/place_calendar.html", context)


def _machine_form_view(request, place, machine=None):
    form = MachineForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=machine,
        place=place,
    )
    if form.is_valid():
        saved = services.machine_save(
            machine=form.save(commit=False), actor=request.user, created=machine is None
        )
        messages.success(request, _("Machine saved."))
        return redirect_after_post(request, saved)
    return render(request, "fablab/machine_form.html", {"form": form, "place": place, "machine": machine})


@login_required
@require_http_methods(["GET", "POST"])
def machine_create(request, place_slug):
    return _machine_form_view(request, access.get_place_for_manager(request, place_slug))


@login_required
@require_http_methods(["GET", "POST"])
def machine_update(request, place_slug, slug):
    machine = access.get_machine_for_manager(request, place_slug, slug)
    return _machine_form_view(request, machine.place, machine)


@login_required
@require_http_methods(["GET", "POST"])
def machine_state(request, place_slug, slug):
    machine = access.get_machine_for_manager(request, place_slug, slug)
    form = MachineStateForm(request.POST or None, initial={"state": machine.state})
    if form.is_valid():
        try:
            services.machine_set_state(machine=machine, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("State changed; people with affected bookings are told by email."))
            return redirect_after_post(request, machine)
    return render(
        request, "fablab/machine_state.html", {"form": form, "machine": machine, "place": machine.place}
    )
