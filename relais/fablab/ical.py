"""The iCal feed of a person's bookings (RFC 5545), for calendar apps."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from relais.fablab.models import Booking


def bookings_calendar(bookings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Relais//Fablab//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My fablab bookings"))
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@relais")
        event.add("dtstamp", booking.updated_at)
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        event.add("summary", str(booking.machine))
        event.add(
            "location",
            f"{booking.machine.place.name}, {booking.machine.place.address}, {booking.machine.place.commune}",
        )
        event.add("url", f"{settings.SITE_URL}{booking.get_absolute_url()}")
        event.add("status", "CANCELLED" if booking.status == Booking.Status.CANCELLED else "CONFIRMED")
        event.add("last-modified", timezone.localtime(booking.updated_at))
        calendar.add_component(event)
    return calendar.to_ical()
