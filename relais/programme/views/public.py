"""Public pages (no login): agenda, event pages, registration, the person's own registration page,
survey, calendar feeds and the embeddable widget."""

import json
from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.models import Place
from relais.core.ratelimit import rate_limit
from relais.programme import calendars, indicators, services
from relais.programme.documents import qr_data_uri
from relais.programme.forms import AgendaFilterForm, RegistrationForm, SurveyForm
from relais.programme.messaging import absolute
from relais.programme.models import CalendarFeed, Event, Fees, Registration, RegistrationMode, Session
from relais.programme.views.common import get_registration_by_token

AGENDA_PAGE_SIZE = 30
WIDGET_SIZE = 8
WIDGET_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors *",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def public_sessions():
    return (
        Session.objects.public()
        .upcoming()
        .scheduled()
        .with_counts()
        .select_related("event", "place")
        .order_by("start_at", "pk")
    )


def filter_sessions(sessions, form: AgendaFilterForm):
    if not form.is_valid():
        return sessions
    data = form.cleaned_data
    if data.get("place"):
        sessions = sessions.filter(place=data["place"])
    if data.get("theme"):
        sessions = sessions.filter(event__themes__contains=[data["theme"]])
    if data.get("public"):
        sessions = sessions.filter(event__publics__contains=[data["public"]])
    if data.get("date"):
        sessions = sessions.filter(
            start_at__gte=timezone.make_aware(datetime.combine(data["date"], time.min))
        )
    if data.get("free_seats"):
        sessions = sessions.with_seats_left().exclude(registration_mode=RegistrationMode.NONE)
    return sessions


def _json_filter_supported() -> bool:
    return connection.features.supports_json_field_contains


def _filter_json_in_python(sessions, form: AgendaFilterForm) -> list:
    """SQLite cannot test JSON list membership in SQL: the theme and public filters run here."""
    data = form.cleaned_data if form.is_valid() else {}
    theme, public = data.get("theme"), data.get("public")
    result = []
    for session in sessions:
        if theme and theme not in session.event.themes:
            continue
        if public and public not in session.event.publics:
            continue
        result.append(session)
    return result


def agenda_sessions(form: AgendaFilterForm, base=None):
    sessions = base if base is not None else public_sessions()
    if _json_filter_supported():
        return filter_sessions(sessions, form)
    stripped = AgendaFilterForm(
        {key: value for key, value in form.data.items() if key not in ("theme", "public")}
    )
    return _filter_json_in_python(filter_sessions(sessions, stripped), form)


@require_GET
def agenda(request):
    form = AgendaFilterForm(request.GET or None)
    sessions = agenda_sessions(form if request.GET else AgendaFilterForm({}))
    page = Paginator(sessions, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = "programme/_agenda_results.html" if is_htmx(request) else "programme/agenda.html"
    return render(request, template, context)


def event_json_ld(event: Event, sessions) -> list[dict]:
    """schema.org Event objects, one per upcoming session."""
    items = []
    for session in sessions:
        place = session.place
        free = session.free_seats()
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.description,
            "startDate": timezone.localtime(session.start_at).isoformat(),
            "endDate": timezone.localtime(session.end_at).isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if session.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": absolute(event.get_public_url()),
            "location": {
                "@type": "Place",
                "name": place.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": place.address,
                    "postalCode": place.postcode,
                    "addressLocality": place.commune,
                    "addressCountry": "FR",
                },
            },
            "organizer": {"@type": "Organization", "name": event.place.name},
            "isAccessibleForFree": event.fees != Fees.PAID,
            "offers": {
                "@type": "Offer",
                "url": absolute(session.get_public_url()),
                "availability": "https://schema.org/SoldOut" if free == 0 else "https://schema.org/InStock",
            },
        }
        if event.fees == Fees.FREE:
            item["offers"].update({"price": 0, "priceCurrency": "EUR"})
        if place.latitude is not None and place.longitude is not None:
            item["location"]["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
            }
        if session.capacity is not None:
            item["maximumAttendeeCapacity"] = session.capacity
            item["remainingAttendeeCapacity"] = free
        items.append(item)
    return items


@require_GET
def agenda_event(request, pk):
    event = get_object_or_404(Event.objects.published().select_related("place", "workshop"), pk=pk)
    sessions = list(
        Session.objects.filter(event=event)
        .upcoming()
        .with_counts()
        .select_related("place")
        .order_by("start_at")
    )
    json_ld = json.dumps(event_json_ld(event, sessions), cls=DjangoJSONEncoder, ensure_ascii=False)
    context = {
        "event": event,
        "sessions": sessions,
        "json_ld": json_ld.translate(_JSON_ESCAPES),
        "figures": indicators.for_event(event),
    }
    return render(request, "programme/agenda_event.html", context)


def _visible_place(slug: str) -> Place:
    return get_object_or_404(Place.objects.visible(), slug=slug)


@require_GET
def agenda_place(request, slug):
    place = _visible_place(slug)
    sessions = public_sessions().filter(place=place)
    page = Paginator(sessions, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"place": place, "page": page}
    return render(request, "programme/agenda_place.html", context)


@xframe_options_exempt
@require_GET
def agenda_widget(request, slug):
    place = _visible_place(slug)
    sessions = public_sessions().filter(place=place)[:WIDGET_SIZE]
    response = render(request, "programme/agenda_widget.html", {"place": place, "sessions": sessions})
    response["Content-Security-Policy"] = WIDGET_CSP
    return response


@require_http_methods(["GET", "POST"])
def agenda_register(request, pk):
    session = get_object_or_404(
        public_sessions().exclude(registration_mode=RegistrationMode.NONE).select_related("event__place"),
        pk=pk,
    )
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit(request, "programme.registration")
            registration, created = services.registration_create(session=session, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
            status = 429 if error.code == "rate_limited" else 200
        else:
            messages.success(request, _registered_message(registration, created))
            return redirect_after_post(request, registration.get_manage_url())
    context = {"session": session, "form": form}
    return render(request, "programme/agenda_register.html", context, status=status)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _registered_message(registration: Registration, created: bool) -> str:
    if not created:
        return _("You were already registered with these details: here is your registration.")
    State = Registration.State
    return {
        State.PENDING_CONFIRMATION: _("Almost done: open the link we have just emailed you to confirm."),
        State.PENDING_APPROVAL: _("Request received: the team will answer soon."),
        State.WAITLISTED: _("The session is full: you are on the waiting list."),
        State.CONFIRMED: _("You are registered. See you soon!"),
    }.get(registration.state, _("Registration saved."))


@require_GET
def registration_manage(request, token):
    registration = get_registration_by_token(token)
    check_in_url = absolute(_check_in_path(registration))
    context = {
        "registration": registration,
        "session": registration.session,
        "position": registration.waitlist_position(),
        "qr": qr_data_uri(check_in_url) if registration.has_seat else "",
    }
    return render(request, "programme/registration_manage.html", context)


def _check_in_path(registration: Registration) -> str:
    from django.urls import reverse

    return reverse("programme:check-in-scan", kwargs={"token": registration.token})


@require_http_methods(["GET", "POST"])
def registration_confirm(request, token):
    registration = get_registration_by_token(token)
    if request.method == "POST":
        try:
            registration = services.registration_confirm_email(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _registered_message(registration, True))
        return redirect_after_post(request, registration.get_manage_url())
    return render(request, "programme/registration_confirm.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    registration = get_registration_by_token(token)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
        return redirect_after_post(request, registration.get_manage_url())
    return render(request, "programme/registration_cancel.html", {"registration": registration})


@require_POST
def registration_opt_out(request, token):
    registration = get_registration_by_token(token)
    services.registration_opt_out(registration=registration)
    messages.success(request, _("Done: you will get no more reminders or surveys for this registration."))
    return redirect_after_post(request, registration.get_manage_url())


@require_http_methods(["GET", "POST"])
def survey(request, token):
    registration = get_registration_by_token(token)
    if registration.state != Registration.State.ATTENDED:
        raise Http404
    instance = getattr(registration, "survey_answer", None)
    return _survey_form(request, {"registration": registration}, registration.session, instance)


@require_http_methods(["GET", "POST"])
def session_survey(request, uid):
    session = get_object_or_404(Session.objects.select_related("event", "place"), uid=uid)
    if not session.has_started or session.is_cancelled:
        raise Http404
    return _survey_form(request, {"session": session}, session, None)


def _survey_limit(target: dict, session: Session) -> int:
    """Participants often answer the room's QR code from one connection (the place's Wi-Fi): allow
    twice the room's capacity per hour there; a personal survey link keeps the usual limit."""
    limit = settings.PUBLIC_FORMS_PER_HOUR
    if "session" in target:
        limit = max(limit, 2 * (session.capacity or 50))
    return limit


def _survey_form(request, target: dict, session: Session, instance):
    form = SurveyForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit(request, "programme.survey", limit=_survey_limit(target, session))
            services.survey_answer_submit(**target, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
            status = 429 if error.code == "rate_limited" else 200
        else:
            return render(request, "programme/survey_thanks.html", {"session": session})
    return render(request, "programme/survey.html", {"form": form, "session": session}, status=status)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def agenda_ics(request):
    sessions = Session.objects.public()
    return _ics_response(calendars.calendar_for(sessions, name=_("Relais agenda")), "agenda.ics")


@require_GET
def place_ics(request, slug):
    place = _visible_place(slug)
    sessions = Session.objects.public().filter(place=place)
    return _ics_response(calendars.calendar_for(sessions, name=place.name), f"{place.slug}.ics")


@require_GET
def facilitator_ics(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    sessions = Session.objects.filter(facilitators=feed.user).prefetch_related(
        Prefetch("registrations", queryset=Registration.objects.seated())
    )
    name = _("My sessions — %(name)s") % {"name": feed.user.get_short_name()}
    return _ics_response(calendars.calendar_for(sessions, name=name, private=True), "mes-seances.ics")
