"""Mediation indicators (counting unit: one participation) for a scope and period.

Whole months come from the summary tables, the partial months at either end of the period from the
activities themselves; a theme or tag filter reads the activities directly (the summaries are not split
by theme or tag combinations). Both paths share `summaries.collect`, so they cannot disagree.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Min, Sum, Window
from django.db.models.functions import FirstValue

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


def _full_months(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    first = start if start.day == 1 else (month_of(start) + datetime.timedelta(days=32)).replace(day=1)
    following = end + datetime.timedelta(days=1)
    last = month_of(end) if following.day == 1 else month_of(month_of(end) - datetime.timedelta(days=1))
    return (first, last) if first <= last else None


def _add_collected(totals, collected) -> None:
    for (_place, _author, month, kind, dimension, code), values in collected.cells.items():
        cell = totals[(month, kind, dimension, code)]
        cell[0] += values[0]
        cell[1] += values[1]


def _cells(filters: StatsFilters) -> tuple[dict, dict | None]:
    """(month, kind, dimension, code) → [accompaniments, activities]; plus people rows when read directly."""
    totals = defaultdict(lambda: [0, 0])
    if filters.theme or filters.tag:
        collected = collect(_activities(filters, filters.start, filters.end))
        _add_collected(totals, collected)
        return totals, collected.people
    months = _full_months(filters.start, filters.end)
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
        last_day = (months[1] + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        if filters.end > last_day:
            edges.append((last_day + datetime.timedelta(days=1), filters.end))
    for start, end in edges:
        _add_collected(totals, collect(_activities(filters, start, end)))
    return totals, None


def _people_from_summary(filters: StatsFilters) -> dict:
    rows = MediationPersonDay.objects.filter(
        place_id__in=filters.place_ids, date__range=(filters.start, filters.end)
    )
    if filters.author:
        rows = rows.filter(author_id=filters.author)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    followed = rows.values("beneficiary_id").distinct().count()
    new = rows.filter(first_on=F("date")).values("beneficiary_id").distinct().count()
    return {"followed": followed, "new": new, "autonomy": _autonomy_progress(rows)}


def _autonomy_progress(rows) -> dict:
    """First vs latest autonomy level of each followed beneficiary rated at least twice in the period."""
    rated = (
        rows.filter(autonomy_score__isnull=False)
        .annotate(
            score_first=Window(
                FirstValue("autonomy_score"),
                partition_by=[F("beneficiary_id")],
                order_by=[F("date").asc(), F("activity_id").asc()],
            ),
            score_last=Window(
                FirstValue("autonomy_score"),
                partition_by=[F("beneficiary_id")],
                order_by=[F("date").desc(), F("activity_id").desc()],
            ),
            rated_count=Window(Count("id"), partition_by=[F("beneficiary_id")]),
        )
        .values("beneficiary_id", "score_first", "score_last", "rated_count")
        .order_by()
    )
    sql, params = rated.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*),"
            " COALESCE(SUM(CASE WHEN score_last > score_first THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN score_last = score_first THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN score_last < score_first THEN 1 ELSE 0 END), 0)"
            f" FROM (SELECT DISTINCT beneficiary_id, score_first, score_last FROM ({sql}) rated"
            " WHERE rated_count >= 2) people",
            params,
        )
        total, improved, stable, declined = cursor.fetchone()
    return {"followed_rated_twice": total, "improved": improved, "stable": stable, "declined": declined}


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


def mediation_indicators(filters: StatsFilters) -> dict:
    """Every mediation indicator of the national reporting tool, plus autonomy progress and referrals."""
    refresh_dirty()
    totals, people = _cells(filters)
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
