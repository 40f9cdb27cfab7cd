"""The fablab's blocks on the signed-in home page: the person's next bookings, and what needs the team."""

from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.core.scoping import places_for_user
from relais.fablab.models import Booking, Consumable, Loan, MaintenanceOrder
from relais.fablab.rules import MANAGER_ROLES


def panels(request) -> list[Panel]:
    result = []
    upcoming = list(
        Booking.objects.active()
        .upcoming()
        .filter(user=request.user)
        .select_related("machine__place")
        .order_by("start")[:3]
    )
    if upcoming:
        result.append(
            Panel(
                _("Your next machine bookings"),
                "fablab/_panel_bookings.html",
                {"bookings": upcoming},
                order=60,
            )
        )
    today = timezone.localdate()
    rows = []
    for place in places_for_user(request.user, MANAGER_ROLES).order_by("name"):
        row = {
            "place": place,
            "flagged": Booking.objects.active()
            .filter(machine__place=place, flagged_at__isnull=False, end__gte=timezone.now())
            .count(),
            "overdue_orders": MaintenanceOrder.objects.filter(
                machine__place=place, state__in=MaintenanceOrder.OPEN_STATES, due_on__lt=today
            ).count(),
            "low_stock": Consumable.objects.filter(place=place).low().count(),
            "overdue_loans": Loan.objects.filter(
                item__place=place, returned_at__isnull=True, due_on__lt=today
            ).count(),
        }
        if any(value for key, value in row.items() if key != "place"):
            rows.append(row)
    if rows:
        result.append(Panel(_("Fablab: to deal with"), "fablab/_panel_team.html", {"rows": rows}, order=61))
    return result
