"""Organisation roll-ups of the mediation summaries, so that a network of thousands of places reads a few
thousand rows rather than every place's.

`MediationOrganisationCell` holds the month cells of all the places of one organisation added up over
their mediators; `MediationOrganisationGrid` the people grid of those places (any mediator) added up,
which is exact because a beneficiary belongs to one place. A coordinator's scope is made of whole
organisations (a network and its member organisations), so `split` answers it from the roll-ups of the
organisations whose places are all in the scope and from the place rows of the rest; a filter on one
mediator reads the place rows (a mediator works in a few places).

Upkeep: `rebuild_month` adds the difference of the month it rewrites (its cells, its grid corners) to
the roll-up of the place's organisation, under a lock of that organisation; `rebuild_all` adds the
place rows up in SQL (`refill`); a place moving to another organisation moves its rows from one roll-up
to the other (`move_place`); a place is deleted only once its activities are (they are protected), and
its pending months are recomputed first. `snapshot` (in `relais.stats.summaries`) includes the roll-ups,
so the property test of the summaries proves the upkeep equals a recomputation.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Sum

from relais.core.models import Place
from relais.mediation.models import Activity, Beneficiary
from relais.stats import people
from relais.stats.generator import add_rows
from relais.stats.models import (
    MediationCell,
    MediationOrganisationCell,
    MediationOrganisationGrid,
    MediationPeopleGrid,
)

CELL_KEY = ("theme", "tag_id", "month", "organisation_id", "kind", "dimension", "code")
CELL_VALUES = ("accompaniments", "activities")
GRID_KEY = ("theme", "tag_id", "kind", "organisation_id", "first_month", "last_month")
GRID_VALUES = people.MEASURES


def split(place_ids: Iterable[int]) -> tuple[list[int], list[int]]:
    """(organisations whose places are all in `place_ids`, the other places): the first are read from
    the roll-ups, the second from the place rows."""
    wanted = set(place_ids)
    organisations = Place.objects.filter(pk__in=wanted).values("organisation_id")
    members = defaultdict(set)
    for place_id, organisation_id in Place.objects.filter(organisation_id__in=organisations).values_list(
        "pk", "organisation_id"
    ):
        members[organisation_id].add(place_id)
    whole = sorted(organisation for organisation, places in members.items() if places <= wanted)
    covered = set().union(*(members[organisation] for organisation in whole))
    return whole, sorted(wanted - covered)


def organisations_of(place_ids: Iterable[int]) -> dict[int, int]:
    return dict(Place.objects.filter(pk__in=set(place_ids)).values_list("pk", "organisation_id"))


def lock_organisations(organisation_ids: Iterable[int]) -> None:
    """Serialise the roll-up upkeep of these organisations until the end of the transaction (PostgreSQL;
    SQLite has a single writer), always in the same order, so that two places of one organisation
    rebuilt at once neither lose an addition nor wait on each other's rows in a cycle."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for organisation_id in sorted(set(organisation_ids)):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x5246, organisation_id])


def add_cells(organisation_id: int, delta: dict[tuple, list[int]]) -> None:
    """Add (month, kind, theme, tag, dimension, code) → [accompaniments, activities] to an organisation."""
    rows = [
        (theme, tag_id, month, organisation_id, kind, dimension, code, *values)
        for (month, kind, theme, tag_id, dimension, code), values in sorted(delta.items())
        if any(values)
    ]
    if rows:
        add_rows(MediationOrganisationCell, CELL_KEY, CELL_VALUES, rows)


def add_grid(delta: dict[tuple, list[int]], places: dict[int, int]) -> None:
    """Add a difference of the people grid (keyed as `relais.stats.people.KEY`) to the organisations of
    its places (`places`: place → organisation, as `organisations_of` gives); the corners of a single
    mediator stay with the places."""
    by_organisation = defaultdict(dict)
    for key, values in delta.items():
        if key[4] in places:
            by_organisation[places[key[4]]][key] = values
    for organisation_id, part in sorted(by_organisation.items()):
        _add_grid_to(organisation_id, part)


def _add_grid_to(organisation_id: int, delta: dict[tuple, list[int]]) -> None:
    totals: dict[tuple, list[int]] = {}
    for (theme, tag_id, kind, author_id, _place, first, last), values in delta.items():
        if author_id != people.ANY_AUTHOR:
            continue
        current = totals.setdefault((theme, tag_id, kind, organisation_id, first, last), [0] * len(values))
        for index, value in enumerate(values):
            current[index] += value
    rows = [(*key, *values) for key, values in sorted(totals.items()) if any(values)]
    if rows:
        add_rows(MediationOrganisationGrid, GRID_KEY, GRID_VALUES, rows)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def refill() -> None:
    """Recompute every roll-up from the place rows (after a full rebuild)."""
    MediationOrganisationCell.objects.all().delete()
    MediationOrganisationGrid.objects.all().delete()
    quote = connection.ops.quote_name
    place = _table(Place)
    cell_columns = ", ".join(quote(name) for name in CELL_KEY + CELL_VALUES)
    grid_columns = ", ".join(quote(name) for name in GRID_KEY + GRID_VALUES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(MediationOrganisationCell)} ({cell_columns})"
            " SELECT c.theme, c.tag_id, c.month, p.organisation_id, c.kind, c.dimension, c.code,"
            " SUM(c.accompaniments), SUM(c.activities)"
            f" FROM {_table(MediationCell)} c JOIN {place} p ON p.id = c.place_id"
            " GROUP BY c.theme, c.tag_id, c.month, p.organisation_id, c.kind, c.dimension, c.code"
        )
        sums = ", ".join(f"SUM(g.{quote(name)})" for name in GRID_VALUES)
        nonzero = " OR ".join(f"SUM(g.{quote(name)}) <> 0" for name in GRID_VALUES)
        cursor.execute(
            f"INSERT INTO {_table(MediationOrganisationGrid)} ({grid_columns})"
            f" SELECT g.theme, g.tag_id, g.kind, p.organisation_id, g.first_month, g.last_month, {sums}"
            f" FROM {_table(MediationPeopleGrid)} g JOIN {place} p ON p.id = g.place_id"
            " WHERE g.author_id = %s"
            " GROUP BY g.theme, g.tag_id, g.kind, p.organisation_id, g.first_month, g.last_month"
            f" HAVING {nonzero}",
            [people.ANY_AUTHOR],
        )


def move_place(place_id: int, old: int, new: int) -> None:
    """Take a place's rows out of its former organisation's roll-ups and into its new one's (read by
    the place's months and beneficiaries, the indexed ways in). Its pending months are recomputed
    before (`relais.stats.signals`), so its rows are those of its activities."""
    people.lock_place(place_id)  # as a month's upkeep does, before the organisations' lock
    lock_organisations([old, new])
    months = Activity.objects.filter(place_id=place_id).dates("date", "month")
    rows = (
        MediationCell.objects.filter(month__in=list(months), place_id=place_id)
        .order_by()
        .values_list("month", "kind", "theme", "tag_id", "dimension", "code")
        .annotate(Sum("accompaniments"), Sum("activities"))
    )
    cells = {tuple(row[:6]): list(row[6:]) for row in rows}
    beneficiaries = Beneficiary.objects.filter(place_id=place_id).values_list("pk", flat=True)
    grid = {
        key: values
        for key, values in people.beneficiaries_grid(list(beneficiaries)).items()
        if key[4] == place_id
    }
    for organisation_id, sign in ((old, -1), (new, 1)):
        add_cells(organisation_id, {key: [sign * v for v in values] for key, values in cells.items()})
        _add_grid_to(organisation_id, {key: [sign * v for v in values] for key, values in grid.items()})
