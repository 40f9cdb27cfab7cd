"""Programme indicators for a scope and period: read from `relais.programme.indicators`, never recomputed."""

from relais.core.models import Place
from relais.programme import indicators
from relais.stats.filters import StatsFilters


def programme_indicators(filters: StatsFilters) -> dict:
    active = indicators.places_with_sessions(filters.place_ids, filters.start, filters.end)
    places = Place.objects.filter(pk__in=active).order_by("name").only("name")
    total = indicators.for_places(filters.place_ids, filters.start, filters.end)
    return {
        "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
        **total.as_dict(),
        "by_place": [
            {"place": place.name, "place_id": place.pk, **values.as_dict()}
            for place, values in indicators.by_place(places, filters.start, filters.end)
            if values.sessions
        ],
    }
