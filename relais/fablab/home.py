"""The fablab's block on the signed-in home page: the person's next bookings."""

from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.fablab.models import Booking


def panels(request) -> list[Panel]:
    upcoming = list(
        Booking.objects.active()
        .upcoming()
        .filter(user=request.user)
        .select_related("machine__place")
        .order_by("start")[:3]
    )
    if not upcoming:
        return []
    return [
        Panel(
            _("Your next machine bookings"), "fablab/_panel_bookings.html", {"bookings": upcoming}, order=60
        )
    ]
