"""Desk registration, actions on registrations, check-in (tablet and QR), closing attendance,
printable documents, indicators and the facilitator's private calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import get_place_for_user, places_for_user
from relais.programme import documents, indicators, services
from relais.programme.forms import DeskRegistrationForm, IndicatorFilterForm
from relais.programme.models import CalendarFeed, Registration
from relais.programme.views.common import (
    MANAGE_ROLES,
    VIEW_ROLES,
    get_event_for_user,
    get_registration_by_token,
    get_registration_for_user,
    get_session_for_user,
    require_manage,
)
from relais.programme.views.staff import add_errors


def _beneficiaries(user, place):
    """The place's files to link a registration to; None for who may not see them (a fablab manager)."""
    from relais.mediation.models import Beneficiary
    from relais.mediation.selectors import can_see_beneficiaries

    if not can_see_beneficiaries(user, place):
        return None
    return Beneficiary.objects.filter(
        place=place, anonymised_at__isnull=True, merged_into__isnull=True
    ).order_by("last_name", "first_name")


@login_required
@require_http_methods(["GET", "POST"])
def desk_register(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    form = DeskRegistrationForm(
        request.POST or None, beneficiaries=_beneficiaries(request.user, session.place)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration, created = services.registration_create(
                session=session,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                consent=data["consent"],
                actor=request.user,
                source=Registration.Source.DESK,
                beneficiary=data.get("beneficiary"),
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s is registered: %(state)s.")
                    % {"name": registration.name, "state": registration.get_state_display()},
                )
            else:
                messages.warning(request, _("This person was already registered: nothing was added."))
            return redirect_after_post(request, session)
    return render(request, "programme/desk_register.html", {"form": form, "session": session})


ACTIONS = {
    "approve": lambda registration, user: services.registration_approve(
        registration=registration, actor=user
    ),
    "reject": lambda registration, user: services.registration_reject(registration=registration, actor=user),
    "cancel": lambda registration, user: services.registration_cancel(
        registration=registration, actor=user, by_organiser=True
    ),
    "attended": lambda registration, user: services.attendance_mark(
        registration=registration, attended=True, actor=user
    ),
    "no-show": lambda registration, user: services.attendance_mark(
        registration=registration, attended=False, actor=user
    ),
}


@login_required
@require_POST
def registration_action(request, pk, action):
    registration = get_registration_for_user(request, pk)
    require_manage(request.user, registration.session.place)
    if action not in ACTIONS:
        raise Http404
    try:
        registration = ACTIONS[action](registration, request.user)
    except ValidationError as error:
        if is_htmx(request):
            return render(
                request,
                "programme/_check_in_row.html",
                {"registration": registration, "error": " ".join(error.messages)},
            )
        messages.error(request, " ".join(error.messages))
    else:
        if is_htmx(request):
            return render(request, "programme/_check_in_row.html", {"registration": registration})
        messages.success(
            request,
            _("%(name)s: %(state)s.")
            % {"name": registration.name, "state": registration.get_state_display()},
        )
    next_url = request.POST.get("next", "")
    if next_url == "pointage":
        return redirect_after_post(request, "programme:session-check-in", pk=registration.session_id)
    return redirect_after_post(request, "programme:session-detail", pk=registration.session_id)


@login_required
@require_GET
def session_check_in(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    registrations = session.registrations.filter(
        state__in=[
            Registration.State.CONFIRMED,
            Registration.State.ATTENDED,
            Registration.State.NO_SHOW,
            Registration.State.WAITLISTED,
        ]
    ).order_by("name")
    return render(
        request, "programme/session_check_in.html", {"session": session, "registrations": registrations}
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in_scan(request, token):
    """Opened by scanning the person's QR code on a team member's tablet: one tap to check in."""
    registration = get_registration_by_token(token)
    if registration.session.place not in places_for_user(request.user, MANAGE_ROLES):
        raise Http404
    outcome = ""
    if request.method == "POST":
        outcome = services.attendance_check_in(registration=registration, actor=request.user)
        registration.refresh_from_db()
    context = {
        "registration": registration,
        "session": registration.session,
        "outcome": outcome,
        "outcome_text": services.CHECK_IN_OUTCOMES.get(outcome, ""),
    }
    return render(request, "programme/check_in_scan.html", context)


@login_required
@require_POST
def attendance_close(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    try:
        services.attendance_close(session=session, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Attendance closed: the workshop is in the activity log and the survey has been sent.")
        )
    return redirect_after_post(request, session)


# Documents ---------------------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def sign_in_sheet(request, pk):
    session = get_session_for_user(request, pk)
    require_manage(request.user, session.place)
    day = timezone.localtime(session.start_at)
    return _pdf(documents.sign_in_sheet(session), f"emargement-{day:%Y-%m-%d}-{session.pk}.pdf")


@login_required
@require_GET
def event_poster(request, pk):
    event = get_event_for_user(request, pk)
    return _pdf(documents.poster(event), f"affiche-{event.pk}.pdf")


@login_required
@require_GET
def monthly_programme(request, slug, year, month):
    place = get_place_for_user(request, slug, VIEW_ROLES)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return _pdf(
        documents.monthly_programme(place, year, month), f"programme-{place.slug}-{year}-{month:02d}.pdf"
    )


# Indicators --------------------------------------------------------------------------------------


@login_required
@require_GET
def indicator_list(request):
    places = places_for_user(request.user, VIEW_ROLES).order_by("name")
    if not places.exists():
        raise PermissionDenied
    form = IndicatorFilterForm(request.GET or None, places=places)
    start = end = None
    chosen = places
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if form.cleaned_data["place"]:
            chosen = places.filter(pk=form.cleaned_data["place"].pk)
    context = {
        "form": form,
        "total": indicators.for_places(chosen, start, end),
        "by_place": indicators.by_place(chosen, start, end),
        "by_workshop": indicators.by_workshop(chosen, start, end),
    }
    template = "programme/_indicator_results.html" if is_htmx(request) else "programme/indicator_list.html"
    return render(request, template, context)


# Private calendar feed ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.token = CalendarFeed._meta.get_field("token").default()
        feed.save(update_fields=["token"])
        messages.success(request, _("New address created: the previous one no longer works."))
        return redirect_after_post(request, "programme:my-calendar")
    url = request.build_absolute_uri(reverse("programme:facilitator-ics", kwargs={"token": feed.token}))
    return render(request, "programme/my_calendar.html", {"feed_url": url})
