"""Team pages: the programme of one's places, the catalogue, events and their sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.accounts.models import User
from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import can_see_identities, get_place_for_user, place_ids_for_user, places_for_user
from relais.programme import indicators, services
from relais.programme.forms import (
    EventForm,
    SessionCancelForm,
    SessionCreateForm,
    SessionUpdateForm,
    WorkshopForm,
)
from relais.programme.models import Event, Registration, Session, Workshop
from relais.programme.views.common import (
    MANAGE_ROLES,
    VIEW_ROLES,
    get_event_for_user,
    get_session_for_user,
    get_workshop_for_user,
    manageable_places,
    require_manage,
)

HOME_SESSIONS = 40
HOME_EVENTS = 30


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def programme_home(request):
    places = places_for_user(request.user, VIEW_ROLES)
    if not places.exists():
        raise PermissionDenied
    sessions = (
        Session.objects.filter(place__in=places)
        .upcoming()
        .with_counts()
        .select_related("event", "place")
        .order_by("start_at")[:HOME_SESSIONS]
    )
    pending = Registration.objects.filter(
        session__place__in=manageable_places(request.user),
        state=Registration.State.PENDING_APPROVAL,
        session__end_at__gt=timezone.now(),
    ).count()
    to_close = (
        Session.objects.filter(place__in=manageable_places(request.user), attendance_closed_at__isnull=True)
        .scheduled()
        .past()
        .select_related("event", "place")
        .order_by("-start_at")[:10]
    )
    events = (
        Event.objects.filter(place__in=places)
        .select_related("place")
        .annotate(upcoming=Count("sessions", filter=Q(sessions__end_at__gt=timezone.now())))
        .order_by("-created_at")[:HOME_EVENTS]
    )
    context = {
        "places": manageable_places(request.user).order_by("name"),
        "events": events,
        "sessions": sessions,
        "pending": pending,
        "to_close": to_close,
        "now": timezone.localdate(),
        "detail_place_ids": place_ids_for_user(request.user, MANAGE_ROLES),
    }
    return render(request, "programme/home.html", context)


# Catalogue ---------------------------------------------------------------------------------------


@login_required
@require_GET
def workshop_list(request):
    places = places_for_user(request.user, VIEW_ROLES)
    workshops = (
        Workshop.objects.filter(place__in=places).select_related("place").order_by("place__name", "title")
    )
    return render(
        request,
        "programme/workshop_list.html",
        {"workshops": workshops, "places": manageable_places(request.user).order_by("name")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request, slug):
    place = get_place_for_user(request, slug)
    require_manage(request.user, place)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(place=place, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Workshop added to the catalogue."))
            return redirect_after_post(request, workshop)
    return render(request, "programme/workshop_form.html", {"form": form, "place": place, "workshop": None})


@login_required
@require_GET
def workshop_detail(request, pk):
    workshop = get_workshop_for_user(request, pk)
    events = workshop.events.order_by("-created_at")
    context = {
        "workshop": workshop,
        "events": events,
        "figures": indicators.for_workshop(workshop),
        "can_manage": can_see_identities(request.user, workshop.place),
    }
    return render(request, "programme/workshop_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_update(request, pk):
    workshop = get_workshop_for_user(request, pk)
    require_manage(request.user, workshop.place)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(workshop=workshop, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Workshop saved."))
            return redirect_after_post(request, workshop)
    return render(
        request, "programme/workshop_form.html", {"form": form, "place": workshop.place, "workshop": workshop}
    )


# Events ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request, slug):
    place = get_place_for_user(request, slug)
    require_manage(request.user, place)
    initial = {}
    workshop_id = request.GET.get("atelier", "")
    if workshop_id.isdigit():
        initial["workshop"] = workshop_id
    form = EventForm(request.POST or None, place=place, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(place=place, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Event created. Now plan its sessions."))
            return redirect_after_post(request, "programme:session-create", pk=event.pk)
    return render(request, "programme/event_form.html", {"form": form, "place": place, "event": None})


@login_required
@require_GET
def event_detail(request, pk):
    event = get_event_for_user(request, pk)
    sessions = event.sessions.with_counts().select_related("place", "series").order_by("start_at")
    context = {
        "event": event,
        "sessions": sessions,
        "figures": indicators.for_event(event),
        "can_manage": can_see_identities(request.user, event.place),
        "can_view_programme": places_for_user(request.user, VIEW_ROLES).exists(),
        "detail_place_ids": place_ids_for_user(request.user, MANAGE_ROLES),
    }
    return render(request, "programme/event_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_update(request, pk):
    event = get_event_for_user(request, pk)
    require_manage(request.user, event.place)
    form = EventForm(request.POST or None, instance=event, place=event.place)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect_after_post(request, event)
    return render(request, "programme/event_form.html", {"form": form, "place": event.place, "event": event})


# Sessions ----------------------------------------------------------------------------------------


def _facilitators(place):
    return User.objects.filter(
        memberships__place=place,
        memberships__is_active=True,
        memberships__role__in=MANAGE_ROLES | {"volunteer"},
    ).distinct()


def _session_form_kwargs(request, event: Event) -> dict:
    return {
        "places": manageable_places(request.user).order_by("name"),
        "facilitators": _facilitators(event.place),
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    event = get_event_for_user(request, pk)
    require_manage(request.user, event.place)
    capacity = event.workshop.default_capacity if event.workshop_id else None
    initial = {"place": event.place, "registration_mode": event.registration_mode, "capacity": capacity}
    form = SessionCreateForm(request.POST or None, initial=initial, **_session_form_kwargs(request, event))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.session_create(
                event=event,
                actor=request.user,
                start_at=data["start_at"],
                end_at=data["end_at"],
                place=data["place"],
                room=data["room"],
                capacity=data["capacity"],
                registration_mode=data["registration_mode"],
                facilitators=data["facilitators"],
                frequency=data["frequency"],
                until=data["until"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(count)s session(s) planned.") % {"count": len(sessions)})
            return redirect_after_post(request, event)
    return render(request, "programme/session_form.html", {"form": form, "event": event, "session": None})


@login_required
@require_GET
def session_detail(request, pk):
    session = get_session_for_user(request, pk)
    if not can_see_identities(request.user, session.place):
        raise PermissionDenied
    registrations = session.registrations.select_related("beneficiary").order_by(
        "state", "waitlisted_at", "created_at"
    )
    context = {
        "session": session,
        "event": session.event,
        "registrations": registrations,
        "figures": indicators.for_session(session),
        "logs": _message_logs(session),
        "answers": session.survey_answers.order_by("-created_at")[:50],
    }
    return render(request, "programme/session_detail.html", context)


def _message_logs(session: Session):
    from relais.programme.models import MessageLog

    return MessageLog.objects.filter(registration__session=session).select_related("registration")[:50]


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    local_start, local_end = timezone.localtime(session.start_at), timezone.localtime(session.end_at)
    initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": local_end.time(),
        "place": session.place,
        "room": session.room,
        "capacity": session.capacity,
        "registration_mode": session.registration_mode,
        "facilitators": list(session.facilitators.all()),
    }
    form = SessionUpdateForm(
        request.POST or None, initial=initial, session=session, **_session_form_kwargs(request, session.event)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                actor=request.user,
                scope=data.get("scope", "this"),
                start_at=data["start_at"],
                end_at=data["end_at"],
                place=data["place"],
                room=data["room"],
                capacity=data["capacity"],
                registration_mode=data["registration_mode"],
                facilitators=data["facilitators"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Session saved; registered people have been told of any change."))
            return redirect_after_post(request, session)
    return render(
        request, "programme/session_form.html", {"form": form, "event": session.event, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    form = SessionCancelForm(request.POST or None)
    if not session.series_id:
        del form.fields["scope"]
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                scope=form.cleaned_data.get("scope", "this"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Session cancelled; registered people have been told."))
            return redirect_after_post(request, session.event)
    template = "programme/_session_cancel_form.html" if is_htmx(request) else "programme/session_cancel.html"
    return render(request, template, {"form": form, "session": session})
