"""Mediation summaries: what one set of activities adds to each breakdown, and the tables that keep it.

`collect(activities)` is the single definition of every mediation breakdown. Each activity adds its
contributions (accompaniments and activities per dimension and code) to:

- month cells, once for every activity (theme "" and tag 0) and once more under each of its themes, each
  of its tags and each theme-and-tag pair, so that a theme or tag filter reads only its own cells;
- day cells (every activity, by day), which answer the partial months at the ends of a custom period;
- person rows (a followed beneficiary on one day), scoped by theme and tag like the month cells, which
  give followed and new beneficiaries and autonomy progress for any period.

`relais.stats.mediation` reads these tables; `mediation_indicators(..., direct=True)` computes the same
breakdowns from the activities with `collect(..., scoped=False)`, which proves the two agree.

Upkeep: a changed activity marks its place and month dirty (model signals, and the mediation hooks for
bulk writes); dirty months are recomputed before the next read, and a nightly rebuild from scratch
catches anything else. Every change gives the place's summaries a new random version
(`summary_version`), which keys the cached indicator figures of the places it counts. `rebuild_all`
writes month by month by the database's bulk path (COPY on PostgreSQL), then the people grid
(`relais.stats.people`) and the organisations' roll-ups (`relais.stats.rollups`), which
`rebuild_month` keeps by adding the difference of the month it rewrites.
"""

import datetime
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Max, Min, QuerySet, Sum
from django.db.models.functions import TruncMonth

from relais.mediation.models import Activity, Beneficiary
from relais.mediation.vocabularies import AUTONOMY_SCORE, HEADCOUNT_DIMENSIONS, ActivityKind
from relais.stats import people as people_grid
from relais.stats import rollups
from relais.stats.generator import Writer
from relais.stats.models import (
    ANY_TAG,
    ANY_THEME,
    DirtyMonth,
    MediationCell,
    MediationDayCell,
    MediationOrganisationCell,
    MediationOrganisationGrid,
    MediationPeopleGrid,
    MediationPersonDay,
    SummaryVersion,
)

NOT_DISCLOSED = "non_communique"
EVERY_PLACE = 0  # the summary version changed by a full rebuild
# A row with this place id: summaries written before the people grid existed; it is read after the next
# full rebuild only (figures come from the person rows meanwhile).
GRID_PENDING = -1
EPOCH = datetime.date(2000, 1, 1)
ANY = (ANY_THEME, ANY_TAG)
ANALYZED = (
    MediationCell,
    MediationDayCell,
    MediationPersonDay,
    MediationPeopleGrid,
    MediationOrganisationCell,
    MediationOrganisationGrid,
)
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
CELL_COLUMNS = ("dimension", "code", "accompaniments", "activities")
MONTH_COLUMNS = ("place_id", "author_id", "month", "kind", "theme", "tag_id", *CELL_COLUMNS)
DAY_COLUMNS = ("place_id", "author_id", "date", "kind", *CELL_COLUMNS)
PERSON_COLUMNS = (
    "place_id",
    "author_id",
    "date",
    "kind",
    "theme",
    "tag_id",
    "beneficiary_id",
    "first_on",
    "autonomy_score",
    "autonomy_key",
    "activity_id",
)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def duration_bucket(minutes: int) -> str:
    for code, limit in DURATION_BUCKETS:
        if limit is None or minutes <= limit:
            return code
    return DURATION_BUCKETS[-1][0]


@dataclass
class Collected:
    """What a set of activities adds to the summaries; cells map (dimension, code) → [accompaniments,
    activities].

    months: (place, author, month, kind, theme, tag) → cells; days: (place, author, date, kind) → cells;
    people: (place, author, date, kind, theme, tag, beneficiary) → (activity id, autonomy score or None).
    """

    months: dict = field(default_factory=lambda: defaultdict(dict))
    days: dict = field(default_factory=lambda: defaultdict(dict))
    people: dict = field(default_factory=dict)


def _scopes(themes, tags) -> list[tuple[str, int]]:
    """Every activity counts under ANY; under each of its themes, tags and theme-and-tag pairs too."""
    themes, tags = sorted(set(themes or ())), sorted(set(tags))
    return [
        ANY,
        *((theme, ANY_TAG) for theme in themes),
        *((ANY_THEME, tag) for tag in tags),
        *((theme, tag) for theme in themes for tag in tags),
    ]


def _add_all(cells: dict, items: list[tuple[str, str, int, int]]) -> None:
    for dimension, code, weight, activity in items:
        cell = cells.get((dimension, code))
        if cell is None:
            cells[(dimension, code)] = [weight, activity]
        else:
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


def _contributions(row, tags, participants, beneficiaries) -> list[tuple[str, str, int, int]]:
    """(dimension, code, accompaniments, activities) that one activity adds to its cells."""
    weight = row["participant_count"] if row["kind"] == ActivityKind.COLLECTIVE else 1
    items = [
        ("total", "", weight, 1),
        ("day", f"{row['date'].day:02d}", weight, 1),
        ("place", str(row["place_id"]), weight, 1),
        ("place_type", str(row["place_type"]), weight, 1),
        ("duration", duration_bucket(row["duration"]), weight, 1),
        ("commune", row["location_commune_name"] or "", weight, 1),
    ]
    items += [("theme", str(code), weight, 1) for code in row["themes"] or []]
    items += [("equipment", str(code), weight, 1) for code in row["equipment"] or []]
    items += [("tag", str(tag_id), weight, 1) for tag_id in tags]
    for name, counter in _demographics(row, participants, beneficiaries).items():
        items += [(name, str(code), number, 0) for code, number in counter.items()]
    if row["kind"] == ActivityKind.COLLECTIVE:
        counts = row["anonymous_participants"] or {}
        anonymous = int(counts.get("total", 0))
        items.append(("anonymous", "all", anonymous, 0))
        items.append(("anonymous", "new", anonymous - int(counts.get("already_helped", 0)), 0))
        return items
    if row["beneficiary_id"] is None:
        items.append(("anonymous", "all", 1, 0))
        items.append(("anonymous", "new", 0 if row["already_helped"] else 1, 0))
    if row["autonomy"]:
        items.append(("autonomy", row["autonomy"], 1, 1))
    if row["referred"]:
        items.append(("referral", row["referral_structure"] or "autre", 1, 1))
    return items


def collect(activities: QuerySet, *, scoped: bool = True) -> Collected:
    """Every mediation breakdown of these activities (one pass; three queries per 2,000 activities).

    `scoped=False` counts only under ANY (no theme/tag copies, no day cells): the direct computation."""
    collected = Collected()
    rows = list(activities.order_by().values(*FIELDS))
    for start in range(0, len(rows), 2000):
        _collect_chunk(collected, rows[start : start + 2000], scoped)
    return collected


def _related(rows: list[dict]) -> tuple[dict, dict, dict]:
    """Tags and participants of these activities, and the participants' demographics."""
    tags, participants = defaultdict(list), defaultdict(list)
    ids = [row["id"] for row in rows]
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
    return tags, participants, beneficiaries


def _collect_chunk(collected: Collected, rows: list[dict], scoped: bool) -> None:
    tags, participants, beneficiaries = _related(rows)
    for row in rows:
        activity_tags = tags.get(row["id"], ())
        items = _contributions(row, activity_tags, participants.get(row["id"], ()), beneficiaries)
        place_id, author_id, date, kind = row["place_id"], row["author_id"], row["date"], row["kind"]
        scopes = _scopes(row["themes"], activity_tags) if scoped else [ANY]
        for theme, tag in scopes:
            _add_all(collected.months[(place_id, author_id, month_of(date), kind, theme, tag)], items)
        if scoped:
            _add_all(collected.days[(place_id, author_id, date, kind)], items)
        if kind == ActivityKind.COLLECTIVE:
            followed, score = participants.get(row["id"], ()), None
        else:
            followed = [row["beneficiary_id"]] if row["beneficiary_id"] else []
            score = AUTONOMY_SCORE.get(row["autonomy"])
        for person_id in followed:
            for theme, tag in scopes:
                key = (place_id, author_id, date, kind, theme, tag, person_id)
                _add_person(collected.people, key, row, score)


def _add_person(people: dict, key: tuple, row: dict, score: int | None) -> None:
    """A person row keeps the score of its latest rated activity (whatever order the rows come in)."""
    previous = people.get(key)
    if previous is None or (row["id"] > previous[0] and score is not None) or previous[1] is None:
        people[key] = (row["id"], score if score is not None else (previous[1] if previous else None))


def autonomy_key(date: datetime.date, activity_id: int, score: int | None) -> int | None:
    if score is None:
        return None
    return (((date - EPOCH).days * 10**10) + activity_id) * 10 + score


def _cell_rows(cells_by_key: dict) -> Iterable[tuple]:
    for key, cells in cells_by_key.items():
        for (dimension, code), (accompaniments, activities) in cells.items():
            if accompaniments or activities:
                yield (*key, dimension, code, accompaniments, activities)


def _person_rows(people: dict, first_on: dict) -> Iterable[tuple]:
    """Person rows; `first_on` maps a beneficiary to the first day they appear in any row."""
    for (place_id, author_id, date, kind, theme, tag, person_id), (activity_id, score) in people.items():
        first = first_on[person_id]
        key = autonomy_key(date, activity_id, score)
        yield (place_id, author_id, date, kind, theme, tag, person_id, first, score, key, activity_id)


def _insert(model, columns: tuple[str, ...], rows: Iterable[tuple], batch: int = 50000) -> None:
    """Value tuples written by the database's bulk path (COPY on PostgreSQL, `executemany` on SQLite),
    far faster than model instances for millions of summary rows."""
    writer, pending = Writer(), []
    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            writer.write(model._meta.db_table, columns, pending)
            pending = []
    writer.write(model._meta.db_table, columns, pending)


def _write_cells(collected: Collected) -> None:
    _insert(MediationCell, MONTH_COLUMNS, _cell_rows(collected.months))
    _insert(MediationDayCell, DAY_COLUMNS, _cell_rows(collected.days))


def _first_days(people: dict, old_people: set[int]) -> tuple[dict, dict]:
    """Each beneficiary's first day once these new rows join the rows left in the table, and the ones
    whose rows left in the table carry another `first_on` (to be corrected)."""
    new_firsts = {}
    for key in people:
        if key[-1] not in new_firsts or key[2] < new_firsts[key[-1]]:
            new_firsts[key[-1]] = key[2]
    beneficiary_ids = sorted(old_people | set(new_firsts))
    firsts, stale = dict(new_firsts), defaultdict(list)
    for start in range(0, len(beneficiary_ids), 500):
        rows = (
            MediationPersonDay.objects.filter(beneficiary_id__in=beneficiary_ids[start : start + 500])
            .values_list("beneficiary_id")
            .annotate(first=Min("date"), lowest=Min("first_on"), highest=Max("first_on"))
        )
        for person_id, first, lowest, highest in rows.order_by():
            firsts[person_id] = min(first, new_firsts.get(person_id, first))
            if lowest != firsts[person_id] or highest != firsts[person_id]:
                stale[firsts[person_id]].append(person_id)
    return firsts, stale


def _month_activities(place_id: int, month: datetime.date) -> QuerySet:
    return Activity.objects.filter(place_id=place_id, date__range=(month, month_end(month)))


def summary_version(place_ids: Iterable[int]) -> str:
    """The version of these places' summaries: changes when any of them changes, or with a full rebuild."""
    versions = SummaryVersion.objects.filter(place_id__in=[EVERY_PLACE, *place_ids]).order_by("place_id")
    return ",".join(
        f"{place_id}:{version}" for place_id, version in versions.values_list("place_id", "version")
    )


def grid_ready() -> bool:
    return not SummaryVersion.objects.filter(place_id=GRID_PENDING).exists()


def bump_version(place_id: int = 0) -> None:
    SummaryVersion.objects.update_or_create(place_id=place_id, defaults={"version": secrets.token_hex(16)})


@transaction.atomic
def rebuild_month(*, place_id: int, month: datetime.date) -> None:
    """Recompute the summaries of one place and month from its activities, and the people grid of the
    beneficiaries whose rows changed (usually the one or two people of the edited activity)."""
    people_grid.lock_place(place_id)
    first, last = month, month_end(month)
    collected = collect(_month_activities(place_id, first))
    people = MediationPersonDay.objects.filter(place_id=place_id, date__range=(first, last))
    old_rows = _by_beneficiary(people.order_by().values_list(*PERSON_COLUMNS))
    cells = _organisation_delta(place_id, first, collected)
    MediationCell.objects.filter(place_id=place_id, month=first).delete()
    MediationDayCell.objects.filter(place_id=place_id, date__range=(first, last)).delete()
    people.delete()
    _write_cells(collected)
    firsts, stale = _first_days(collected.people, set(old_rows))
    new_rows = _by_beneficiary(_person_rows(collected.people, firsts))
    changed = {
        person for person in old_rows.keys() | new_rows.keys() if old_rows.get(person) != new_rows.get(person)
    }
    changed.update(person for group in stale.values() for person in group)
    old_month = [row for person in changed for row in old_rows.get(person, ())]
    before = people_grid.beneficiaries_grid(changed, also=old_month)  # the month's rows are deleted
    for first_on, beneficiary_ids in stale.items():
        for start in range(0, len(beneficiary_ids), 500):
            chunk = beneficiary_ids[start : start + 500]
            MediationPersonDay.objects.filter(beneficiary_id__in=chunk).update(first_on=first_on)
    _insert(MediationPersonDay, PERSON_COLUMNS, (row for rows in new_rows.values() for row in rows))
    grid = people_grid.difference(people_grid.beneficiaries_grid(changed), before)
    people_grid.apply(grid)
    organisations = rollups.organisations_of({place_id} | {key[4] for key in grid})
    rollups.lock_organisations(organisations.values())
    if place_id in organisations:
        rollups.add_cells(organisations[place_id], cells)
    rollups.add_grid(grid, organisations)
    bump_version(place_id)


def _organisation_delta(place_id: int, month: datetime.date, collected: Collected) -> dict:
    """What the rewritten month changes in its organisation's cells: the month's cells from the
    activities, less its cells in the table, added over mediators."""
    delta: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (_place, _author, row_month, kind, theme, tag), cells in collected.months.items():
        for (dimension, code), (accompaniments, activities) in cells.items():
            values = delta[(row_month, kind, theme, tag, dimension, code)]
            values[0] += accompaniments
            values[1] += activities
    stored = (
        MediationCell.objects.filter(month=month, place_id=place_id)
        .order_by()
        .values_list("month", "kind", "theme", "tag_id", "dimension", "code")
        .annotate(Sum("accompaniments"), Sum("activities"))
    )
    for *key, accompaniments, activities in stored:
        values = delta[tuple(key)]
        values[0] -= accompaniments
        values[1] -= activities
    return {key: values for key, values in delta.items() if any(values)}


def _by_beneficiary(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """Person rows (`PERSON_COLUMNS`) by beneficiary, in a comparable order."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[6]].append(row)
    return {person: sorted(group, key=repr) for person, group in grouped.items()}


@transaction.atomic
def rebuild_all() -> int:
    """Recompute every summary from scratch, month by month; returns activities read.

    Months are taken in order, so a beneficiary's first day is known when their rows are written."""
    for model in (MediationCell, MediationDayCell, MediationPersonDay, MediationPeopleGrid, DirtyMonth):
        model.objects.all().delete()
    months = (
        Activity.objects.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "place_id")
        .distinct()
    )
    first_on: dict[int, datetime.date] = {}
    ordered = sorted((_as_date(month), place_id) for month, place_id in months)
    for _month, group in groupby(ordered, key=lambda pair: pair[0]):
        people = {}
        for month, place_id in group:
            collected = collect(_month_activities(place_id, month))
            _write_cells(collected)
            people.update(collected.people)
        seen = {}
        for key in people:
            if key[-1] not in first_on and (key[-1] not in seen or key[2] < seen[key[-1]]):
                seen[key[-1]] = key[2]
        first_on.update(seen)
        _insert(MediationPersonDay, PERSON_COLUMNS, _person_rows(people, first_on))
    people_grid.rebuild(
        lambda rows: _insert(MediationPeopleGrid, (*people_grid.KEY, *people_grid.MEASURES), rows)
    )
    rollups.refill()
    SummaryVersion.objects.filter(place_id=GRID_PENDING).delete()
    bump_version(EVERY_PLACE)
    if connection.vendor == "postgresql":
        # Millions of new rows: without fresh statistics the planner would scan whole tables for the
        # few beneficiaries a month's upkeep reads.
        with connection.cursor() as cursor:
            for model in ANALYZED:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return Activity.objects.count()


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def mark_dirty(place_id: int, day: datetime.date) -> None:
    """Note that a month changed; the background worker recomputes it soon after the change is saved,
    so the dashboards seldom have to (they still do, before reading, if it has not happened yet)."""
    _dirty, created = DirtyMonth.objects.get_or_create(place_id=place_id, month=month_of(day))
    if created:
        from relais.stats.tasks import summaries_refresh

        transaction.on_commit(summaries_refresh)


def refresh_dirty(place_id: int | None = None) -> int:
    """Recompute the months changed since the last read (of one place, when given); returns how many
    were recomputed.

    Each dirty row is locked while its month is rebuilt, so two readers never rebuild the same month
    at once (which would duplicate rows); a month changed during a rebuild is caught by the nightly one.
    """
    done = 0
    dirty_months = DirtyMonth.objects.filter(place_id=place_id) if place_id else DirtyMonth.objects.all()
    for pk in list(dirty_months.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            dirty = DirtyMonth.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if dirty is None:
                continue
            rebuild_month(place_id=dirty.place_id, month=dirty.month)
            dirty.delete()
        done += 1
    return done


def snapshot() -> tuple[list, ...]:
    """The summary rows as sorted tuples, to compare an incremental state with a full rebuild."""
    cells = sorted(MediationCell.objects.values_list(*MONTH_COLUMNS), key=repr)
    days = sorted(MediationDayCell.objects.values_list(*DAY_COLUMNS), key=repr)
    # Not the activity id: for a row without a score it depends on the order the activities were read.
    people = sorted(MediationPersonDay.objects.values_list(*PERSON_COLUMNS[:-1]), key=repr)
    grid = sorted(MediationPeopleGrid.objects.values_list(*people_grid.KEY, *people_grid.MEASURES), key=repr)
    rolled = sorted(
        MediationOrganisationCell.objects.values_list(*rollups.CELL_KEY, *rollups.CELL_VALUES), key=repr
    )
    rolled_grid = sorted(
        MediationOrganisationGrid.objects.values_list(*rollups.GRID_KEY, *rollups.GRID_VALUES), key=repr
    )
    return cells, days, people, grid, rolled, rolled_grid
