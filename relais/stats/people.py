"""Followed and new beneficiaries and autonomy progress for whole-month periods, without grouping by person.

A distinct count over a year of a national network groups millions of person rows by beneficiary; the
people grid answers the same figures from at most one row per place, filter and pair of months (a few
thousand rows per place, but they add up over thousands of places). For one beneficiary seen (in one place,
by any mediator or by one, in any kind of activity or in one, under a filtering theme/tag) in the
months m₁ < m₂ < … < mₖ, the periods from month `a` to month `b` in which they count form rectangles
of (a, b):

- followed: a in (mᵢ₋₁, mᵢ] and b ≥ mᵢ, for each i (the month they are first seen in the period);
- new: a ≤ m₁ ≤ b, when their first row in the partition is the day of their first accompaniment;
- autonomy progress: with rated months r₁ < … < rₚ, a in (rᵢ₋₁, rᵢ] and b in [rⱼ, rⱼ₊₁) for each i ≤ j,
  comparing the first level of rᵢ with the last level of rⱼ (rated twice: i < j, or two ratings in rᵢ).

Each rectangle is stored as its four corners (+1 -1 -1 +1) in `MediationPeopleGrid`, summed per corner:
the figures of a period are then the sum of the corners at or below (a, b), a two-dimensional prefix sum.
Beneficiaries belong to one place (the desk and the API refuse another place's files), so the figures of
several places are the sums of each place's, and an organisation's grid (`relais.stats.rollups`) is the
sum of its places' grids.

Upkeep: `rebuild_month` takes away the contributions of the beneficiaries it touches and adds them back
from their rows once rewritten; `rebuild_all` recomputes the grid from the person rows.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Max, Min, Sum

from relais.stats.generator import add_rows
from relais.stats.models import MediationOrganisationGrid, MediationPeopleGrid, MediationPersonDay

ANY_KIND = ""
ANY_AUTHOR = 0
BEFORE_EVERYTHING = -(10**6)  # a start month before any data
MEASURES = ("followed", "new", "rated_twice", "improved", "stable", "declined")
KEY = ("theme", "tag_id", "kind", "author_id", "place_id", "first_month", "last_month")
SOURCE = (
    "place_id",
    "author_id",
    "kind",
    "theme",
    "tag_id",
    "beneficiary_id",
    "date",
    "first_on",
    "autonomy_key",
)
CHUNK = 500

Grid = dict[tuple, list[int]]


def month_index(day: datetime.date) -> int:
    return (day.year - 2000) * 12 + day.month - 1


def _add(grid: Grid, prefix: tuple, a1: int, a2: int, b1: int, b2: int | None, measure: int) -> None:
    """Count +1 in `measure` for every period (a, b) with a1 ≤ a ≤ a2 and b1 ≤ b ≤ b2 (None: no end)."""
    corners = [(a1, b1, 1), (a2 + 1, b1, -1)]
    if b2 is not None:
        corners += [(a1, b2 + 1, -1), (a2 + 1, b2 + 1, 1)]
    for a, b, sign in corners:
        values = grid.get((*prefix, a, b))
        if values is None:
            values = grid[(*prefix, a, b)] = [0] * len(MEASURES)
        values[measure] += sign


def _partition(grid: Grid, prefix: tuple, rows: list[tuple]) -> None:
    """Add one beneficiary's rows (date, first_on, autonomy key) in one partition."""
    months = sorted({month_index(day) for day, _first, _key in rows})
    for i, month in enumerate(months):
        _add(grid, prefix, months[i - 1] + 1 if i else BEFORE_EVERYTHING, month, month, None, 0)
    if min(day for day, _first, _key in rows) == rows[0][1]:
        _add(grid, prefix, BEFORE_EVERYTHING, months[0], months[0], None, 1)
    rated: dict[int, list[int]] = defaultdict(list)
    for day, _first, key in rows:
        if key is not None:
            rated[month_index(day)].append(key)
    order = sorted(rated)
    for i, first_month in enumerate(order):
        first_level = min(rated[first_month]) % 10
        a1 = order[i - 1] + 1 if i else BEFORE_EVERYTHING
        for j in range(i, len(order)):
            if j == i and len(rated[first_month]) < 2:
                continue
            last_level = max(rated[order[j]]) % 10
            b2 = order[j + 1] - 1 if j + 1 < len(order) else None
            _add(grid, prefix, a1, first_month, order[j], b2, 2)
            outcome = 3 if last_level > first_level else 4 if last_level == first_level else 5
            _add(grid, prefix, a1, first_month, order[j], b2, outcome)


def grid_of(rows: Iterable[tuple]) -> Grid:
    """The grid contributions of person rows (in `SOURCE` order), whatever order they come in."""
    partitions: dict[tuple, list] = defaultdict(list)
    for place_id, author_id, kind, theme, tag_id, beneficiary_id, day, first_on, key in rows:
        authors = (ANY_AUTHOR,) if author_id is None else (ANY_AUTHOR, author_id)
        for author in authors:
            for variant in (ANY_KIND, kind):
                partition = (theme, tag_id, variant, author, place_id, beneficiary_id)
                partitions[partition].append((day, first_on, key))
    grid: Grid = {}
    for (*prefix, _beneficiary), person_rows in partitions.items():
        _partition(grid, tuple(prefix), person_rows)
    return grid


def beneficiaries_grid(beneficiary_ids: Iterable[int], also: Iterable[tuple] = ()) -> Grid:
    """The grid contributions of these beneficiaries, from all their person rows (and `also`, rows in
    `relais.stats.summaries.PERSON_COLUMNS` order that are not in the table)."""
    ids = sorted(set(beneficiary_ids))
    rows = [
        (row[0], row[1], row[3], row[4], row[5], row[6], row[2], row[7], row[9]) for row in also
    ]  # to SOURCE order
    for start in range(0, len(ids), CHUNK):
        chunk = MediationPersonDay.objects.filter(beneficiary_id__in=ids[start : start + CHUNK])
        rows += chunk.order_by().values_list(*SOURCE)
    return grid_of(rows)


def _merge(total: Grid, part: Grid, sign: int = 1) -> None:
    for key, values in part.items():
        current = total.get(key)
        if current is None:
            current = total[key] = [0] * len(MEASURES)
        for index, value in enumerate(values):
            current[index] += sign * value


def difference(after: Grid, before: Grid) -> Grid:
    delta: Grid = {}
    _merge(delta, after)
    _merge(delta, before, -1)
    return {key: values for key, values in delta.items() if any(values)}


def apply(delta: Grid) -> None:
    """Add these corner values to the grid (rows created as needed; rows back to zero removed)."""
    add_rows(MediationPeopleGrid, KEY, MEASURES, [(*key, *values) for key, values in sorted(delta.items())])


def rebuild(write, *, held: int = 1_000_000, step: int = 2000) -> None:
    """Recompute the whole grid from the person rows, a range of beneficiaries at a time. `write(rows)`
    stores rows of `KEY + MEASURES` values into the empty table (the bulk path); once more than `held`
    corners are in memory (a network of many places), they are added to the table and memory starts
    afresh, so the rebuild's memory stays bounded."""
    MediationPeopleGrid.objects.all().delete()
    bounds = MediationPersonDay.objects.aggregate(low=Min("beneficiary_id"), high=Max("beneficiary_id"))
    if bounds["low"] is None:
        return
    grid: Grid = {}
    empty = True
    # `step` beneficiaries per read: a few tens of thousands of person rows in memory at once.
    for low in range(bounds["low"], bounds["high"] + 1, step):
        rows = MediationPersonDay.objects.filter(beneficiary_id__range=(low, low + step - 1))
        _merge(grid, grid_of(rows.order_by().values_list(*SOURCE).iterator(chunk_size=20000)))
        if len(grid) > held:
            _flush(grid, write, empty)
            grid, empty = {}, False
    _flush(grid, write, empty)


def _flush(grid: Grid, write, empty: bool) -> None:
    if empty:
        write((*key, *values) for key, values in grid.items() if any(values))
    else:
        apply({key: values for key, values in grid.items() if any(values)})


def lock_place(place_id: int) -> None:
    """Serialise the grid upkeep of one place until the end of the transaction (PostgreSQL; SQLite has
    a single writer anyway): two months of a place rebuilt at once would otherwise both take away the
    same beneficiaries' old contributions."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5245, place_id])


def figures(
    *,
    place_ids,
    author: int | None,
    kind: str,
    theme: str,
    tag_id: int,
    first: datetime.date,
    last: datetime.date,
    organisation_ids=(),
) -> dict:
    """Followed, new and autonomy progress of the whole months from `first` to `last` (their months), in
    these places and the places of these organisations (their roll-ups: any mediator only)."""
    scope = {
        "theme": theme,
        "tag_id": tag_id,
        "kind": kind or ANY_KIND,
        "first_month__lte": month_index(first),
        "last_month__lte": month_index(last),
    }
    sums = {name: Sum(name) for name in MEASURES}
    values = dict.fromkeys(MEASURES, 0)
    parts = []
    if place_ids:
        author_id = author or ANY_AUTHOR
        parts.append(MediationPeopleGrid.objects.filter(place_id__in=place_ids, author_id=author_id, **scope))
    if organisation_ids:
        parts.append(MediationOrganisationGrid.objects.filter(organisation_id__in=organisation_ids, **scope))
    for rows in parts:
        for name, total in rows.aggregate(**sums).items():
            values[name] += total or 0
    progress = {
        "followed_rated_twice": values["rated_twice"],
        "improved": values["improved"],
        "stable": values["stable"],
        "declined": values["declined"],
    }
    return {"followed": values["followed"], "new": values["new"], "autonomy": progress}
