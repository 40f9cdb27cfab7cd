"""The programme panel of the signed-in home page: the next sessions of one's places."""

from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.programme.models import Registration, Session
from relais.programme.views.common import manageable_places

PANEL_SESSIONS = 5


def panels(request) -> list[Panel]:
    places = manageable_places(request.user)
    if not places.exists():
        return []
    sessions = (
        Session.objects.filter(place__in=places)
        .upcoming()
        .scheduled()
        .with_counts()
        .select_related("event", "place")
        .order_by("start_at")[:PANEL_SESSIONS]
    )
    pending = Registration.objects.filter(
        session__place__in=places, state=Registration.State.PENDING_APPROVAL
    ).count()
    return [
        Panel(
            _("Programme"),
            "programme/_panel_home.html",
            {"sessions": list(sessions), "pending": pending},
            order=20,
        )
    ]
