"""Mediation summaries: what one set of activities adds to each breakdown, and the tables that keep it.

`collect(activities)` is the single definition of every mediation breakdown: the dashboard reads it
from the summary tables for whole months and computes it directly for partial months and for filters
the summaries do not carry (theme, tag). A changed activity marks its place and month dirty; dirty
months are recomputed before the next read, and a nightly rebuild catches bulk writes.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from relais.mediation.models import Activity, Beneficiary
from relais.mediation.vocabularies import AUTONOMY_SCORE, HEADCOUNT_DIMENSIONS, ActivityKind
from relais.stats.models import DirtyMonth, MediationCell, MediationPersonDay

NOT_DISCLOSED = "non_communique"
EPOCH = datetime.date(2000, 1, 1)
DURATION_BUCKETS = (("0_30", 30), ("30_60", 60), ("60_120", 120), ("120_plus", None))
FIELDS = (
    "id",
    "place_id",
    "author_id",
    "date",
    "kind",
    "duration",
    "place_type",
    "themes",
    "equipment",
    "beneficiary_id",
    "already_helped",
    "autonomy",
    "referred",
    "referral_structure",
    "age_bracket",
    "sex",
    "social_status",
    "commune_name",
    "location_commune_name",
    "anonymous_participants",
    "participant_count",
)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def duration_bucket(minutes: int) -> str:
    for code, limit in DURATION_BUCKETS:
        if limit is None or minutes <= limit:
            return code
    return DURATION_BUCKETS[-1][0]


@dataclass
class Collected:
    """Weighted counts keyed (place, author, month, kind, dimension, code) → [accompaniments, activities]."""

    cells: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # (place, author, date, kind, beneficiary) → (activity id, autonomy score or None)
    people: dict = field(default_factory=dict)


def _add(cells, key, dimension, code, weight, activity=1) -> None:
    cell = cells[(*key, dimension, str(code))]
    cell[0] += weight
    cell[1] += activity


def _demographics(row, participants, beneficiaries) -> dict[str, Counter]:
    """Accompaniments by age bracket, sex, status and home commune (a workshop counts each participant)."""
    result = {name: Counter() for name in (*HEADCOUNT_DIMENSIONS, "home_commune")}
    if row["kind"] != ActivityKind.COLLECTIVE:
        for name in HEADCOUNT_DIMENSIONS:
            result[name][row[name] or NOT_DISCLOSED] += 1
        result["home_commune"][row["commune_name"] or ""] += 1
        return result
    total = row["participant_count"]
    counts = row["anonymous_participants"] or {}
    for person_id in participants:
        person = beneficiaries.get(person_id)
        for name in HEADCOUNT_DIMENSIONS:
            result[name][(person or {}).get(name) or NOT_DISCLOSED] += 1
        result["home_commune"][(person or {}).get("commune_name") or ""] += 1
    for name in HEADCOUNT_DIMENSIONS:
        for code, number in (counts.get(name) or {}).items():
            result[name][code] += int(number)
    for counter in result.values():
        missing = total - sum(counter.values())
        if missing > 0:
            counter[NOT_DISCLOSED if counter is not result["home_commune"] else ""] += missing
    return result


def collect(activities: QuerySet) -> Collected:
    """Every mediation breakdown of these activities (one pass; three queries per 2,000 activities)."""
    collected = Collected()
    rows = list(activities.order_by().values(*FIELDS))
    for start in range(0, len(rows), 2000):
        _collect_chunk(collected, rows[start : start + 2000])
    return collected


def _collect_chunk(collected: Collected, rows: list[dict]) -> None:
    ids = [row["id"] for row in rows]
    tags, participants = defaultdict(list), defaultdict(list)
    for activity_id, tag_id in Activity.tags.through.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "tag_id"
    ):
        tags[activity_id].append(tag_id)
    collective = [row["id"] for row in rows if row["kind"] == ActivityKind.COLLECTIVE]
    for activity_id, person_id in Activity.participants.through.objects.filter(
        activity_id__in=collective
    ).values_list("activity_id", "beneficiary_id"):
        participants[activity_id].append(person_id)
    people_ids = {person for group in participants.values() for person in group}
    beneficiaries = {
        values["id"]: values
        for values in Beneficiary.objects.filter(pk__in=people_ids).values(
            "id", "age_bracket", "sex", "social_status", "commune_name"
        )
    }
    cells = collected.cells
    for row in rows:
        key = (row["place_id"], row["author_id"], month_of(row["date"]), row["kind"])
        weight = row["participant_count"] if row["kind"] == ActivityKind.COLLECTIVE else 1
        _add(cells, key, "total", "", weight)
        _add(cells, key, "day", f"{row['date'].day:02d}", weight)
        _add(cells, key, "place", row["place_id"], weight)
        _add(cells, key, "place_type", row["place_type"], weight)
        _add(cells, key, "duration", duration_bucket(row["duration"]), weight)
        _add(cells, key, "commune", row["location_commune_name"] or "", weight)
        for code in row["themes"] or []:
            _add(cells, key, "theme", code, weight)
        for code in row["equipment"] or []:
            _add(cells, key, "equipment", code, weight)
        for tag_id in tags[row["id"]]:
            _add(cells, key, "tag", tag_id, weight)
        for name, counter in _demographics(row, participants[row["id"]], beneficiaries).items():
            for code, number in counter.items():
                _add(cells, key, name, code, number, 0)
        if row["kind"] == ActivityKind.COLLECTIVE:
            counts = row["anonymous_participants"] or {}
            anonymous = int(counts.get("total", 0))
            _add(cells, key, "anonymous", "all", anonymous, 0)
            _add(cells, key, "anonymous", "new", anonymous - int(counts.get("already_helped", 0)), 0)
            followed = participants[row["id"]]
        else:
            if row["beneficiary_id"] is None:
                _add(cells, key, "anonymous", "all", 1, 0)
                _add(cells, key, "anonymous", "new", 0 if row["already_helped"] else 1, 0)
            if row["autonomy"]:
                _add(cells, key, "autonomy", row["autonomy"], 1)
            if row["referred"]:
                _add(cells, key, "referral", row["referral_structure"] or "autre", 1)
            followed = [row["beneficiary_id"]] if row["beneficiary_id"] else []
        score = AUTONOMY_SCORE.get(row["autonomy"]) if row["kind"] != ActivityKind.COLLECTIVE else None
        for person_id in followed:
            person_key = (row["place_id"], row["author_id"], row["date"], row["kind"], person_id)
            previous = collected.people.get(person_key)
            if previous is None or (row["id"] > previous[0] and score is not None) or previous[1] is None:
                collected.people[person_key] = (
                    row["id"],
                    score if score is not None else (previous[1] if previous else None),
                )


def _cell_objects(collected: Collected) -> list[MediationCell]:
    return [
        MediationCell(
            place_id=place_id,
            author_id=author_id,
            month=month,
            kind=kind,
            dimension=dimension,
            code=code,
            accompaniments=values[0],
            activities=values[1],
        )
        for (place_id, author_id, month, kind, dimension, code), values in collected.cells.items()
        if values[0] or values[1]
    ]


def _person_objects(collected: Collected) -> list[MediationPersonDay]:
    return [
        MediationPersonDay(
            place_id=place_id,
            author_id=author_id,
            date=date,
            kind=kind,
            beneficiary_id=person_id,
            first_on=date,
            autonomy_score=score,
            autonomy_key=None if score is None else (date - EPOCH).days * 10 + score,
            activity_id=activity_id,
        )
        for (place_id, author_id, date, kind, person_id), (activity_id, score) in collected.people.items()
    ]


def _refresh_first_on(beneficiary_ids) -> None:
    """`first_on` = the earliest day the beneficiary appears in the summaries (all places, all kinds)."""
    beneficiary_ids = list(beneficiary_ids)
    for start in range(0, len(beneficiary_ids), 500):
        chunk = beneficiary_ids[start : start + 500]
        firsts = (
            MediationPersonDay.objects.filter(beneficiary_id__in=chunk)
            .values("beneficiary_id")
            .annotate(first=Min("date"))
        )
        by_first = defaultdict(list)
        for row in firsts:
            by_first[row["first"]].append(row["beneficiary_id"])
        for first, people in by_first.items():
            MediationPersonDay.objects.filter(beneficiary_id__in=people).exclude(first_on=first).update(
                first_on=first
            )


def _month_range(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return month, following - datetime.timedelta(days=1)


@transaction.atomic
def rebuild_month(*, place_id: int, month: datetime.date) -> None:
    """Recompute the summaries of one place and month from its activities."""
    first, last = _month_range(month)
    old_people = set(
        MediationPersonDay.objects.filter(place_id=place_id, date__range=(first, last)).values_list(
            "beneficiary_id", flat=True
        )
    )
    MediationCell.objects.filter(place_id=place_id, month=first).delete()
    MediationPersonDay.objects.filter(place_id=place_id, date__range=(first, last)).delete()
    collected = collect(Activity.objects.filter(place_id=place_id, date__range=(first, last)))
    MediationCell.objects.bulk_create(_cell_objects(collected), batch_size=2000)
    people = _person_objects(collected)
    MediationPersonDay.objects.bulk_create(people, batch_size=2000)
    _refresh_first_on(old_people | {person.beneficiary_id for person in people})


@transaction.atomic
def rebuild_all() -> int:
    """Recompute every summary from scratch, place by place and month by month; returns activities read."""
    MediationCell.objects.all().delete()
    MediationPersonDay.objects.all().delete()
    DirtyMonth.objects.all().delete()
    months = (
        Activity.objects.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("place_id", "month")
        .distinct()
    )
    for place_id, month in sorted(set(months)):
        first, last = _month_range(_as_date(month))
        collected = collect(Activity.objects.filter(place_id=place_id, date__range=(first, last)))
        MediationCell.objects.bulk_create(_cell_objects(collected), batch_size=5000)
        MediationPersonDay.objects.bulk_create(_person_objects(collected), batch_size=5000)
    first_day = MediationPersonDay.objects.filter(beneficiary_id=OuterRef("beneficiary_id")).order_by("date")
    MediationPersonDay.objects.update(first_on=Subquery(first_day.values("date")[:1]))
    return Activity.objects.count()


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def mark_dirty(place_id: int, day: datetime.date) -> None:
    DirtyMonth.objects.get_or_create(place_id=place_id, month=month_of(day))


def refresh_dirty() -> int:
    """Recompute the months changed since the last read; returns how many were recomputed.

    Each dirty row is locked while its month is rebuilt, so two readers never rebuild the same month
    at once (which would duplicate rows); a month changed during a rebuild is caught by the nightly one.
    """
    done = 0
    for pk in list(DirtyMonth.objects.values_list("pk", flat=True)[:200]):
        with transaction.atomic():
            dirty = DirtyMonth.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if dirty is None:
                continue
            rebuild_month(place_id=dirty.place_id, month=dirty.month)
            dirty.delete()
        done += 1
    return done


def snapshot() -> tuple[list, list]:
    """The summary rows as sorted tuples, to compare an incremental state with a full rebuild."""
    cells = sorted(
        MediationCell.objects.values_list(
            "place_id", "author_id", "month", "kind", "dimension", "code", "accompaniments", "activities"
        ),
        key=repr,
    )
    people = sorted(
        MediationPersonDay.objects.values_list(
            "place_id", "author_id", "date", "kind", "beneficiary_id", "first_on", "autonomy_key"
        ),
        key=repr,
    )
    return cells, people
