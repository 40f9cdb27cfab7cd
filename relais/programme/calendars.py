"""iCalendar feeds (RFC 5545): one VEVENT per session with a stable UID and a SEQUENCE bumped on change.

Calendar clients match on UID and keep the highest SEQUENCE, so a moved or cancelled session updates
the entry they already have instead of adding a second one.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from relais.programme.models import Session

FEED_PAST_DAYS = 30
UID_DOMAIN = "relais"


def session_uid(session: Session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def _location(session: Session) -> str:
    place = session.place
    parts = [place.name, session.room, f"{place.address}, {place.postcode} {place.commune}"]
    return ", ".join(part for part in parts if part)


def session_vevent(session: Session, *, private: bool = False) -> VEvent:
    event = session.event
    vevent = VEvent()
    vevent.add("uid", session_uid(session))
    vevent.add("sequence", session.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", session.updated_at)
    vevent.add("created", session.created_at)
    vevent.add("dtstart", session.start_at)
    vevent.add("dtend", session.end_at)
    vevent.add("summary", event.title)
    description = event.description
    if private:
        taken = session.taken_seats()
        capacity = session.capacity if session.capacity is not None else "∞"
        description = f"{description}\n\n{taken}/{capacity}".strip()
    vevent.add("description", description)
    vevent.add("location", _location(session))
    vevent.add(
        "url", f"{settings.SITE_URL}{session.get_absolute_url() if private else event.get_public_url()}"
    )
    vevent.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    if event.themes:
        vevent.add("categories", list(event.themes))
    place = session.place
    if place.latitude is not None and place.longitude is not None:
        vevent.add("geo", (float(place.latitude), float(place.longitude)))
    return vevent


def calendar_for(sessions, *, name: str, private: bool = False) -> bytes:
    """An iCalendar document with one VEVENT per session (recent past and future ones)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Relais//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    recent = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    for session in sessions.filter(end_at__gte=recent).select_related("event", "place"):
        calendar.add_component(session_vevent(session, private=private))
    return calendar.to_ical()
