"""The mediation panel of the signed-in home page: this month's figures and a shortcut to record."""

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.core.scoping import STAFF_ROLES, places_for_user
from relais.mediation.models import Activity
from relais.mediation.selectors import recording_places


def panels(request) -> list[Panel]:
    places = list(recording_places(request.user).values_list("pk", flat=True))
    if not places:
        return []
    today = timezone.localdate()
    month = Activity.objects.filter(place_id__in=places, date__gte=today.replace(day=1), date__lte=today)
    figures = month.aggregate(activities=Count("pk"), accompaniments=Sum("participant_count"))
    mine = Activity.objects.filter(
        author=request.user, place__in=places_for_user(request.user, STAFF_ROLES)
    ).order_by("-created_at")[:5]
    context = {
        "activities": figures["activities"],
        "accompaniments": figures["accompaniments"] or 0,
        "referred": month.filter(referred=True).count(),
        "recent": list(mine),
    }
    return [Panel(_("Mediation desk"), "mediation/_panel_home.html", context, order=10)]
