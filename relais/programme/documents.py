"""Printable documents: sign-in sheet, event poster and a place's monthly programme (HTML → PDF)."""

import calendar
from datetime import date, datetime, time

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from relais.programme.models import Registration, Session


def qr_data_uri(url: str) -> str:
    """A QR code for `url` as an inline SVG image (works in pages and in PDFs, no file written)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def sign_in_sheet(session: Session) -> bytes:
    """Attendance sheet: everyone expected and waiting, a signature column, the survey QR code."""
    registrations = session.registrations.filter(
        state__in=[
            Registration.State.CONFIRMED,
            Registration.State.ATTENDED,
            Registration.State.NO_SHOW,
            Registration.State.WAITLISTED,
        ]
    ).order_by("state", "name")
    survey_path = session.get_survey_url()
    context = {
        "session": session,
        "event": session.event,
        "registrations": registrations,
        "blank_rows": range(
            max(3, (session.capacity or 0) - registrations.count()) if session.capacity else 5
        ),
        "qr": qr_data_uri(absolute(survey_path)),
        "survey_url": absolute(survey_path),
    }
    return render_pdf("programme/pdf/sign_in_sheet.html", context)


def poster(event) -> bytes:
    now = timezone.now()
    sessions = event.sessions.filter(end_at__gt=now, status=Session.Status.SCHEDULED).select_related("place")[
        :12
    ]
    url = absolute(event.get_public_url())
    return render_pdf(
        "programme/pdf/poster.html",
        {"event": event, "sessions": sessions, "qr": qr_data_uri(url), "url": url},
    )


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    last = calendar.monthrange(year, month)[1]
    start = timezone.make_aware(datetime.combine(date(year, month, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year, month, last), time.max))
    return start, end


def monthly_programme(place, year: int, month: int) -> bytes:
    """A place's sessions of the month still to come, each with a QR code to its registration page."""
    start, end = month_bounds(year, month)
    sessions = (
        Session.objects.public()
        .filter(place=place, start_at__gte=start, start_at__lte=end, status=Session.Status.SCHEDULED)
        .upcoming()
        .select_related("event")
        .order_by("start_at")
    )
    url = absolute(reverse("programme:agenda-place", kwargs={"slug": place.slug}))
    context = {
        "place": place,
        "month": date(year, month, 1),
        "sessions": [(session, qr_data_uri(absolute(session.get_public_url()))) for session in sessions],
        "qr": qr_data_uri(url),
        "url": url,
    }
    return render_pdf("programme/pdf/monthly.html", context)
