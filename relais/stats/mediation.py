"""Mediation indicators (counting unit: one participation) for a scope and period.

Everything is read from the summary tables (`relais.stats.summaries`): whole months from the month
cells of the filter's theme and tag (or of every activity), a partial month at either end of the period
from the day cells of its days inside the period, or as its month cell less the days outside, whichever
is fewer days; followed and new beneficiaries and autonomy progress from the people grid for whole
months (`relais.stats.people`), else from the person rows, which are day-level. For every organisation
whose places are all in the scope (a coordinator's network), the month cells and the people grid are
read from its roll-ups (`relais.stats.rollups`), a few rows per organisation however many places it
has. Under a theme or tag filter the day cells do not apply (they are not split by theme and tag), so
the few activities of those edge days carrying the theme or tag are counted directly. These figures are
cached under the versions of the places' summaries, which change with any change of them.

`direct=True` counts everything from the activities with the same `summaries.collect`, to prove that the
summaries give the same figures.
"""

import datetime
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Sum,
    Value,
    When,
)

from relais.core.models import Place
from relais.mediation.models import Activity, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    ActivityKind,
)
from relais.stats import labels, rollups
from relais.stats import people as people_grid
from relais.stats.filters import StatsFilters
from relais.stats.models import (
    ANY_TAG,
    ANY_THEME,
    MediationCell,
    MediationDayCell,
    MediationOrganisationCell,
    MediationPersonDay,
)
from relais.stats.summaries import (
    ANY,
    collect,
    grid_ready,
    month_end,
    month_of,
    refresh_dirty,
    summary_version,
)

BREAKDOWNS = (
    "kind",
    "theme_mediation",
    "theme_administrative",
    "tag",
    "equipment",
    "place_type",
    "duration",
    "place",
    "commune",
    "age_bracket",
    "sex",
    "social_status",
    "home_commune",
    "autonomy",
    "referral",
)
CACHE_SECONDS = 3600
# Breakdowns whose values are filters of the activity list (so each number links to its rows).
LIST_FILTERS = {
    "kind": "kind",
    "theme_mediation": "theme",
    "theme_administrative": "theme",
    "tag": "tag",
    "place": "place",
}


def _activities(filters: StatsFilters, start: datetime.date, end: datetime.date):
    queryset = Activity.objects.filter(place_id__in=filters.place_ids, date__range=(start, end))
    if filters.author:
        queryset = queryset.filter(author_id=filters.author)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = queryset.with_theme(filters.theme)
    if filters.tag:
        queryset = queryset.filter(tags__pk=filters.tag)
    return queryset


def _scope(filters: StatsFilters) -> tuple[str, int]:
    return (filters.theme or ANY_THEME, filters.tag or ANY_TAG)


DayRange = tuple[datetime.date, datetime.date, int]


def _plan(filters: StatsFilters, quiet=None) -> tuple[list[datetime.date], list[DayRange]]:
    """Whole months to read, and day ranges to add (+1) or take away (-1).

    A partial month counts whole when `quiet(start, end)` says that nothing of the scope happened in the
    days it leaves out (the default period ends today, and nothing is dated in the future); else it
    reads the days inside the period, or the whole month less the days outside it, whichever is fewer
    days."""
    whole, days = [], []
    month = month_of(filters.start)
    while month <= filters.end:
        last = month_end(month)
        first_in, last_in = max(filters.start, month), min(filters.end, last)
        inside = (last_in - first_in).days + 1
        outside = (last - month).days + 1 - inside
        left_out = []
        if first_in > month:
            left_out.append((month, first_in - datetime.timedelta(days=1), -1))
        if last_in < last:
            left_out.append((last_in + datetime.timedelta(days=1), last, -1))
        if left_out and quiet and all(quiet(start, end) for start, end, _sign in left_out):
            whole.append(month)
        elif outside and inside <= outside:
            days.append((first_in, last_in, 1))
        else:
            whole.append(month)
            days += left_out
        month = last + datetime.timedelta(days=1)
    return whole, days


# Only these breakdowns are followed month by month (the monthly and daily curves), and only the total
# by kind: the others are summed over the whole period, so they are read as one row per value.
TIMED = ("total", "day")


def _add_cells(totals: dict, rows, sign: int = 1, month: datetime.date | None = None) -> None:
    """Add (month, kind, dimension, code, accompaniments, activities) rows; `month` stands in when given.

    Keys keep the month of the timed breakdowns only, and the kind of the total only."""
    for row_month, kind, dimension, code, accompaniments, activities in rows:
        timed = dimension in TIMED
        key = ((month or row_month) if timed else None, kind if dimension == "total" else "", dimension, code)
        cell = totals[key]
        cell[0] += sign * accompaniments
        cell[1] += sign * activities


def _collected_rows(collected):
    for (_place, _author, month, kind, _theme, _tag), cells in collected.months.items():
        for (dimension, code), (accompaniments, activities) in cells.items():
            yield month, kind, dimension, code, accompaniments, activities


def _narrowed(queryset, filters: StatsFilters, place_ids=None):
    queryset = queryset.filter(place_id__in=filters.place_ids if place_ids is None else place_ids)
    if filters.author:
        queryset = queryset.filter(author_id=filters.author)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


def _summed(queryset, month: str | None = None):
    """(month, kind, dimension, code, accompaniments, activities) rows, grouped in the database as
    `_add_cells` keys them: a breakdown over a year is one row per value, not one per month and kind."""
    no_month = Value(None, output_field=DateField())
    grouped = queryset.order_by().annotate(
        row_month=Case(When(dimension__in=TIMED, then=F(month)), default=no_month) if month else no_month,
        row_kind=Case(When(dimension="total", then=F("kind")), default=Value(""), output_field=CharField()),
    )
    return grouped.values_list("row_month", "row_kind", "dimension", "code").annotate(
        accompaniments=Sum("accompaniments"), activities=Sum("activities")
    )


def _day_cells(filters: StatsFilters, start: datetime.date, end: datetime.date):
    return _narrowed(MediationDayCell.objects.filter(date__range=(start, end)), filters)


def _day_rows(filters: StatsFilters, start: datetime.date, end: datetime.date):
    """The cells of these days (within one month): day cells, or the activities under a theme/tag filter
    (few: the day cells are not split by theme and tag)."""
    if _scope(filters) != ANY:
        return _collected_rows(collect(_activities(filters, start, end), scoped=False))
    return _summed(_day_cells(filters, start, end))


Parts = Callable[[], tuple[list[int], list[int]]]  # the scope's `_parts`, looked up once


def _cells(
    filters: StatsFilters, direct: bool = False, parts: Parts | None = None
) -> tuple[dict, dict | None]:
    """(month, kind, dimension, code) → [accompaniments, activities]; plus people rows when read directly.

    `parts` gives the scope's `_parts` (looked up once for the cells and the people figures)."""
    totals = defaultdict(lambda: [0, 0])
    if direct:
        collected = collect(_activities(filters, filters.start, filters.end), scoped=False)
        _add_cells(totals, _collected_rows(collected))
        return totals, collected.people
    whole, days = _plan(filters, quiet=lambda start, end: not _day_cells(filters, start, end).exists())
    if whole:
        theme, tag = _scope(filters)
        organisations, places = parts()
        scope = {"month__range": (whole[0], whole[-1]), "theme": theme, "tag_id": tag}
        if places:
            months = _narrowed(MediationCell.objects.filter(**scope), filters, places)
            _add_cells(totals, _summed(months, "month"))
        if organisations:
            rolled = MediationOrganisationCell.objects.filter(organisation_id__in=organisations, **scope)
            _add_cells(totals, _summed(rolled.filter(kind=filters.kind) if filters.kind else rolled, "month"))
    for start, end, sign in days:
        _add_cells(totals, _day_rows(filters, start, end), sign, month_of(start))
    return totals, None


def _parts(filters: StatsFilters) -> tuple[list[int], list[int]]:
    """(organisations read from their roll-ups, places read from their own rows): a network's view reads
    a few rows per organisation rather than every place's; one mediator's work is read from the places."""
    if filters.author:
        # Only the places where the mediator recorded something in the months the period touches (a
        # partial month may be read whole less its left-out days, which must come from the same
        # places): one probe of the author index per place, whatever the number of activities.
        months = (month_of(filters.start), month_end(filters.end))
        worked = Activity.objects.filter(
            author_id=filters.author, place_id=OuterRef("pk"), date__range=months
        )
        places = Place.objects.filter(pk__in=filters.place_ids).filter(Exists(worked))
        return [], list(places.order_by("pk").values_list("pk", flat=True))
    return rollups.split(filters.place_ids)


def _month_span(filters: StatsFilters) -> tuple[datetime.date, datetime.date] | None:
    """The period as whole months for the people figures, or None when it is not.

    A period starting after the 1st (or ending before the month's end) counts as its whole months when
    no person row of the filter falls in the days left out: the default period ends today, and no
    activity is ever dated in the future."""
    theme, tag = _scope(filters)
    rows = _narrowed(MediationPersonDay.objects.filter(theme=theme, tag_id=tag), filters)
    first, last = month_of(filters.start), month_end(filters.end)
    if (
        filters.start > first
        and rows.filter(date__range=(first, filters.start - datetime.timedelta(days=1))).exists()
    ):
        return None
    if (
        filters.end < last
        and rows.filter(date__range=(filters.end + datetime.timedelta(days=1), last)).exists()
    ):
        return None
    return first, last


def _people_from_summary(filters: StatsFilters, parts: Parts) -> dict:
    """Followed, new and autonomy progress: from the people grid for whole months (a few thousand rows,
    whatever the filters); else (a period cutting months) in one grouped pass over the person rows."""
    theme, tag = _scope(filters)
    span = _month_span(filters) if grid_ready() else None
    if span is not None:
        organisations, places = parts()
        return people_grid.figures(
            organisation_ids=organisations,
            place_ids=places,
            author=filters.author,
            kind=filters.kind,
            theme=theme,
            tag_id=tag,
            first=span[0],
            last=span[1],
        )
    rows = _narrowed(
        MediationPersonDay.objects.filter(theme=theme, tag_id=tag, date__range=(filters.start, filters.end)),
        filters,
    )
    grouped = (
        rows.order_by()
        .values("beneficiary_id")
        .annotate(
            is_new=Max(Case(When(first_on=F("date"), then=1), default=0)),
            key_first=Min("autonomy_key"),
            key_last=Max("autonomy_key"),
            rated=Count("autonomy_key"),
        )
    )
    sql, params = grouped.query.sql_with_params()
    rated = "rated >= 2"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(is_new), 0),"
            f" COALESCE(SUM(CASE WHEN {rated} THEN 1 ELSE 0 END), 0),"
            f" COALESCE(SUM(CASE WHEN {rated} AND key_last %% 10 > key_first %% 10 THEN 1 ELSE 0 END), 0),"
            f" COALESCE(SUM(CASE WHEN {rated} AND key_last %% 10 = key_first %% 10 THEN 1 ELSE 0 END), 0),"
            f" COALESCE(SUM(CASE WHEN {rated} AND key_last %% 10 < key_first %% 10 THEN 1 ELSE 0 END), 0)"
            f" FROM ({sql}) people",
            params,
        )
        followed, new, total, improved, stable, declined = cursor.fetchone()
    progress = {"followed_rated_twice": total, "improved": improved, "stable": stable, "declined": declined}
    return {"followed": followed, "new": new, "autonomy": progress}


def _summary_figures(filters: StatsFilters) -> tuple[dict, dict]:
    """Cells and people figures from the summaries, cached under the versions of the places' summaries
    (bumped with every change of them), so a cached result is never older than the summaries it came
    from, and a change in one place leaves the figures of the others cached."""
    query = {**filters.as_query(), "place_ids": sorted(filters.place_ids)}
    digest = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()
    version = hashlib.sha256(summary_version(filters.place_ids).encode()).hexdigest()[:32]
    key = f"stats:mediation:{version}:{digest}"
    figures = cache.get(key)
    if figures is None:
        parts = functools.cache(lambda: _parts(filters))
        totals, _people = _cells(filters, parts=parts)
        figures = (
            {cell: tuple(values) for cell, values in totals.items()},
            _people_from_summary(filters, parts),
        )
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _people_from_rows(people: dict) -> dict:
    """The same figures as `_people_from_summary`, for people rows computed directly from activities."""
    ids = {key[-1] for key in people}
    firsts = dict(
        MediationPersonDay.objects.filter(beneficiary_id__in=ids)
        .values("beneficiary_id")
        .annotate(first=Min("date"))
        .values_list("beneficiary_id", "first")
    )
    new = {key[-1] for key in people if firsts.get(key[-1]) == key[2]}
    scores = defaultdict(list)
    for key, (activity_id, score) in people.items():
        if score is not None:
            scores[key[-1]].append((key[2], activity_id, score))
    progress = {"followed_rated_twice": 0, "improved": 0, "stable": 0, "declined": 0}
    for values in scores.values():
        if len(values) < 2:
            continue
        values.sort()
        progress["followed_rated_twice"] += 1
        first, last = values[0][2], values[-1][2]
        progress["improved" if last > first else "stable" if last == first else "declined"] += 1
    return {"followed": len(ids), "new": len(new), "autonomy": progress}


def _breakdown(counts: dict[str, list[int]], total: int, name: str, names: dict) -> list[dict]:
    rows = []
    for code, (accompaniments, activities) in counts.items():
        rows.append(
            {
                "code": code,
                "label": labels.label_for(name, code, names),
                "accompaniments": accompaniments,
                "activities": activities,
                "share": round(accompaniments / total, 4) if total else None,
            }
        )
    return sorted(rows, key=lambda row: (-row["accompaniments"], str(row["label"])))


def _pairs(model, ids):
    return model.objects.filter(pk__in=ids).values_list("pk", "name")


def _names(by_dimension: dict) -> dict:
    place_ids = [int(code) for code in by_dimension.get("place", {}) if code.isdigit()]
    tag_ids = [int(code) for code in by_dimension.get("tag", {}) if code.isdigit()]
    return {
        "place": {
            str(pk): name for pk, name in Place.objects.filter(pk__in=place_ids).values_list("pk", "name")
        },
        "tag": {str(pk): name for pk, name in Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name")},
    }


def mediation_indicators(filters: StatsFilters, *, direct: bool = False) -> dict:
    """Every mediation indicator of the national reporting tool, plus autonomy progress and referrals.

    `direct=True` reads the activities instead of the summaries (slow; proves they agree)."""
    refresh_dirty()
    if direct:
        totals, people = _cells(filters, direct=True)
        persons = _people_from_rows(people)
    else:
        totals, persons = _summary_figures(filters)
    by_dimension = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_month = defaultdict(int)
    by_day = defaultdict(int)
    for (month, kind, dimension, code), (accompaniments, activities) in totals.items():
        if not accompaniments and not activities:
            continue  # a day taken away from its month, or a zero the summaries do not keep
        if dimension == "theme":
            dimension = "theme_administrative" if code in ADMINISTRATIVE_THEMES else "theme_mediation"
        cell = by_dimension[dimension][code]
        cell[0] += accompaniments
        cell[1] += activities
        if dimension == "total":
            by_month[month] += accompaniments
            kind_cell = by_dimension["kind"][kind]
            kind_cell[0] += accompaniments
            kind_cell[1] += activities
        elif dimension == "day":
            by_day[month.replace(day=int(code))] += accompaniments
    total = by_dimension["total"][""]
    kinds = by_dimension["kind"]
    anonymous = by_dimension["anonymous"]
    names = _names(by_dimension)
    breakdowns = {name: _breakdown(by_dimension.get(name, {}), total[0], name, names) for name in BREAKDOWNS}
    referral_total = sum(row["accompaniments"] for row in breakdowns["referral"])
    return {
        "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
        "accompaniments": total[0],
        "individual_accompaniments": kinds[ActivityKind.INDIVIDUAL][0],
        "collective_accompaniments": kinds[ActivityKind.COLLECTIVE][0],
        "activities": total[1],
        "individual_activities": kinds[ActivityKind.INDIVIDUAL][1],
        "workshops": kinds[ActivityKind.COLLECTIVE][1],
        "beneficiaries": persons["followed"] + anonymous["all"][0],
        "followed_beneficiaries": persons["followed"],
        "anonymous_beneficiaries": anonymous["all"][0],
        "new_beneficiaries": persons["new"] + anonymous["new"][0],
        "autonomy_progress": persons["autonomy"],
        "referrals": referral_total,
        "by_month": _month_series(filters, by_month),
        "by_day": _day_series(filters, by_day),
        "breakdowns": breakdowns,
    }


def _month_series(filters: StatsFilters, by_month: dict) -> list[dict]:
    series, month = [], month_of(filters.start)
    while month <= filters.end:
        series.append({"month": month.strftime("%Y-%m"), "accompaniments": by_month.get(month, 0)})
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return series


def _day_series(filters: StatsFilters, by_day: dict) -> list[dict]:
    """The last 30 days of the period, day by day."""
    first = max(filters.start, filters.end - datetime.timedelta(days=29))
    days = (filters.end - first).days + 1
    return [
        {
            "date": (first + datetime.timedelta(days=n)).isoformat(),
            "accompaniments": by_day.get(first + datetime.timedelta(days=n), 0),
        }
        for n in range(days)
    ]
