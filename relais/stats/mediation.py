"""Mediation indicators (counting unit: one participation) for a scope and period.

Whole months come from the summary tables, the partial months at either end of the period from the
activities themselves; a theme or tag filter reads the activities directly (the summaries are not split
by theme or tag combinations). Both paths share `summaries.collect`, so they cannot disagree.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Case, Count, F, Max, Min, Sum, When

from relais.core.models import Place
from relais.mediation.models import Activity, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    ActivityKind,
)
from relais.stats import labels
from relais.stats.filters import StatsFilters
from relais.stats.models import MediationCell, MediationPersonDay
from relais.stats.summaries import collect, month_of, refresh_dirty

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


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _whole(filters: StatsFilters, month: datetime.date) -> bool:
    """A partial month reads as whole when nothing in scope happened in it outside the period
    (always so for a period ending today: no activity is recorded in the future)."""
    first, last = month, _month_end(month)
    if filters.start <= first and last <= filters.end:
        return True
    outside = _activities(filters, first, last).exclude(date__range=(filters.start, filters.end))
    return not outside.exists()


def _full_months(filters: StatsFilters) -> tuple[datetime.date, datetime.date] | None:
    first, last = month_of(filters.start), month_of(filters.end)
    if not _whole(filters, first):
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    if last >= first and not _whole(filters, last):
        last = month_of(last - datetime.timedelta(days=1))
    return (first, last) if first <= last else None


def _add_collected(totals, collected) -> None:
    for (_place, _author, month, kind, dimension, code), values in collected.cells.items():
        cell = totals[(month, kind, dimension, code)]
        cell[0] += values[0]
        cell[1] += values[1]


def _cells(filters: StatsFilters, direct: bool = False) -> tuple[dict, dict | None]:
    """(month, kind, dimension, code) → [accompaniments, activities]; plus people rows when read directly."""
    totals = defaultdict(lambda: [0, 0])
    if direct or filters.theme or filters.tag:
        collected = collect(_activities(filters, filters.start, filters.end))
        _add_collected(totals, collected)
        return totals, collected.people
    months = _full_months(filters)
    edges = [(filters.start, filters.end)] if months is None else []
    if months:
        summary = MediationCell.objects.filter(place_id__in=filters.place_ids, month__range=months)
        if filters.author:
            summary = summary.filter(author_id=filters.author)
        if filters.kind:
            summary = summary.filter(kind=filters.kind)
        rows = summary.values_list("month", "kind", "dimension", "code").annotate(
            accompaniments=Sum("accompaniments"), activities=Sum("activities")
        )
        for month, kind, dimension, code, accompaniments, activities in rows.order_by():
            totals[(month, kind, dimension, code)] = [accompaniments, activities]
        if filters.start < months[0]:
            edges.append((filters.start, months[0] - datetime.timedelta(days=1)))
        last_day = _month_end(months[1])
        if filters.end > last_day:
            edges.append((last_day + datetime.timedelta(days=1), filters.end))
    for start, end in edges:
        _add_collected(totals, collect(_activities(filters, start, end)))
    return totals, None


def _people_from_summary(filters: StatsFilters) -> dict:
    """Followed, new and autonomy progress in one grouped pass over the people summary."""
    rows = MediationPersonDay.objects.filter(
        place_id__in=filters.place_ids, date__range=(filters.start, filters.end)
    )
    if filters.author:
        rows = rows.filter(author_id=filters.author)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
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


def _people_from_rows(people: dict) -> dict:
    """The same figures as `_people_from_summary`, for people rows computed directly from activities."""
    ids = {key[4] for key in people}
    firsts = dict(
        MediationPersonDay.objects.filter(beneficiary_id__in=ids)
        .values("beneficiary_id")
        .annotate(first=Min("date"))
        .values_list("beneficiary_id", "first")
    )
    new = {key[4] for key in people if firsts.get(key[4]) == key[2]}
    scores = defaultdict(list)
    for key, (activity_id, score) in people.items():
        if score is not None:
            scores[key[4]].append((key[2], activity_id, score))
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
    totals, people = _cells(filters, direct)
    by_dimension = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    by_month = defaultdict(int)
    by_day = defaultdict(int)
    for (month, kind, dimension, code), (accompaniments, activities) in totals.items():
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
    persons = _people_from_rows(people) if people is not None else _people_from_summary(filters)
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
