"""Indicators: `/api/v1/stats/mediation`, `/api/v1/stats/programme`, `/api/v1/stats/fablab`.

The same filters as the dashboard (query parameters `period`, `start`, `end`, `place`, `author`,
`kind`, `theme`, `tag`); counts cover the caller's places only. Returns the indicator values as JSON.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema

from relais.api.errors import ErrorOut
from relais.stats.fablab import fablab_indicators
from relais.stats.filters import StatsFilterForm, StatsFilters, stats_places
from relais.stats.mediation import mediation_indicators
from relais.stats.programme import programme_indicators

router = Router(tags=["stats"])


class StatsQuery(Schema):
    period: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    place: int | None = None
    author: int | None = None
    kind: str | None = None
    theme: str | None = None
    tag: int | None = None


def _filters(request, query: StatsQuery) -> StatsFilters:
    places = stats_places(request.user)
    if not places:
        raise PermissionDenied
    data = {key: value for key, value in query.dict().items() if value is not None}
    form = StatsFilterForm(data, user=request.user, places=places)
    if not form.is_valid():
        raise ValidationError({field: errors[0] for field, errors in form.errors.items()})
    return form.to_filters()


@router.get("/stats/mediation", response={200: dict, 403: ErrorOut})
def stats_mediation(request, query: Query[StatsQuery]):
    """Accompaniments, beneficiaries, breakdowns, curves, autonomy progress and referrals."""
    return mediation_indicators(_filters(request, query))


@router.get("/stats/programme", response={200: dict, 403: ErrorOut})
def stats_programme(request, query: Query[StatsQuery]):
    """Sessions, fill, attendance, no-show, satisfaction, goal reached and recommendation."""
    return programme_indicators(_filters(request, query))


@router.get("/stats/fablab", response={200: dict, 403: ErrorOut})
def stats_fablab(request, query: Query[StatsQuery]):
    """Bookings, hours used, availability, MTBF/MTTR and consumables per machine."""
    return fablab_indicators(_filters(request, query))
