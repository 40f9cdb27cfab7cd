"""Programme indicators for a scope and period: read from `relais.programme.indicators`, never recomputed."""

from relais.core.models import Place
from relais.programme import indicators
from relais.stats.filters import StatsFilters


def programme_indicators(filters: StatsFilters) -> dict:
    places = Place.objects.filter(pk__in=filters.place_ids).order_by("name")
    total = indicators.for_places(places, filters.start, filters.end)
    return {
        "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
        **total.as_dict(),
        "by_place": [
            {"place": place.name, "place_id": place.pk, **values.as_dict()}
            for place, values in indicators.by_place(places, filters.start, filters.end)
            if values.sessions
        ],
    }
