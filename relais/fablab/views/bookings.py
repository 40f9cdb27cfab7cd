from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.fablab import access, ical, services
from relais.fablab.forms import BookingForm, MoveForm, StaffBookingForm, UsageForm
from relais.fablab.models import Booking, CalendarFeed
from relais.fablab.rules import free_this_week, has_valid_authorisation, is_staff


@login_required
@require_http_methods(["GET", "POST"])
def booking_create(request, place_slug, slug):
    machine = access.get_machine_public(place_slug, slug)
    staff = is_staff(request.user, machine.place)
    form_class = StaffBookingForm if staff else BookingForm
    initial = {key: request.GET[key] for key in ("start", "end") if key in request.GET}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                machine=machine,
                user=data.get("person") or request.user,
                start=data["start"],
                end=data["end"],
                note=data["note"],
                override=data.get("override", False),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Booking confirmed. Read the safety rules again before you start."))
            return redirect_after_post(request, booking)
    context = {
        "machine": machine,
        "place": machine.place,
        "form": form,
        "is_staff": staff,
        "authorised": has_valid_authorisation(request.user, machine),
        "free": free_this_week(machine),
    }
    template = "fablab/_booking_form.html" if is_htmx(request) else "fablab/booking_create.html"
    return render(request, template, context)


@login_required
@require_GET
def booking_list(request):
    bookings = Booking.objects.filter(user=request.user).select_related("machine__place", "usage")
    context = {
        "upcoming": bookings.active().upcoming().order_by("start"),
        "past": bookings.past().order_by("-start")[:30],
        "cancelled": bookings.filter(status=Booking.Status.CANCELLED).upcoming().order_by("start"),
        "feed": services.feed_for_user(request.user),
    }
    return render(request, "fablab/booking_list.html", context)


@login_required
@require_GET
def booking_detail(request, pk):
    booking = access.get_booking_for_user(request, pk)
    context = {
        "booking": booking,
        "machine": booking.machine,
        "is_staff": is_staff(request.user, booking.machine.place),
        "usage": getattr(booking, "usage", None),
        "can_change": not booking.is_cancelled and not booking.has_started,
    }
    return render(request, "fablab/booking_detail.html", context)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = access.get_booking_for_user(request, pk)
    try:
        services.booking_cancel(booking=booking, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Booking cancelled."))
    return redirect_after_post(request, booking)


@login_required
@require_http_methods(["GET", "POST"])
def booking_move(request, pk):
    booking = access.get_booking_for_user(request, pk)
    initial = {"start": timezone.localtime(booking.start), "end": timezone.localtime(booking.end)}
    form = MoveForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.booking_move(booking=booking, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Booking moved."))
            return redirect_after_post(request, booking)
    context = {
        "booking": booking,
        "machine": booking.machine,
        "form": form,
        "free": free_this_week(booking.machine),
    }
    return render(request, "fablab/booking_move.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def booking_usage(request, pk):
    booking = access.get_booking_for_user(request, pk)
    usage = getattr(booking, "usage", None)
    initial = (
        {
            "minutes_used": usage.minutes_used,
            "quantity": usage.quantity,
            "material": usage.material,
            "notes": usage.notes,
        }
        if usage
        else {"minutes_used": booking.duration_minutes}
    )
    form = UsageForm(
        request.POST or None,
        initial=initial,
        unit=booking.machine.consumable_unit,
        place=booking.machine.place,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.usage_record(
                booking=booking,
                actor=request.user,
                minutes_used=data["minutes_used"],
                quantity=data["quantity"] or 0,
                material=data["material"],
                notes=data["notes"],
                consumable=data["consumable"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Use recorded. Thank you!"))
            return redirect_after_post(request, booking)
    return render(
        request, "fablab/booking_usage.html", {"booking": booking, "machine": booking.machine, "form": form}
    )


@login_required
@require_POST
def booking_assistance(request, pk):
    booking = access.get_booking_for_user(request, pk)
    if not is_staff(request.user, booking.machine.place):
        raise PermissionDenied
    try:
        services.assistance_log(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The help given is now in the mediation log."))
    return redirect_after_post(request, booking)


@require_GET
def booking_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    bookings = (
        Booking.objects.filter(user=feed.user, end__gte=timezone.now() - timedelta(days=90))
        .select_related("machine__place")
        .order_by("start")
    )
    response = HttpResponse(ical.bookings_calendar(bookings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reservations-fablab.ics"'
    return response
