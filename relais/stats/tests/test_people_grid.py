"""The people grid's prefix sums equal a count person by person, for every whole-month period."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from relais.stats.people import MEASURES, grid_of, month_index
from relais.stats.summaries import autonomy_key

START = datetime.date(2025, 11, 1)
MONTHS = [month_index(START) + n for n in range(6)]

person_row = st.fixed_dictionaries(
    {
        "beneficiary": st.integers(1, 3),
        "kind": st.sampled_from(["individual", "collective"]),
        "day": st.integers(0, 180),
        "score": st.sampled_from([None, 1, 2, 3]),
    }
)


def _rows(drawn):
    """Person rows in the grid's source order; a beneficiary's first day is their earliest row."""
    rows = []
    for number, row in enumerate(drawn):
        day = START + datetime.timedelta(days=row["day"])
        rows.append((row["beneficiary"], row["kind"], day, autonomy_key(day, number + 1, row["score"])))
    firsts = {}
    for beneficiary, _kind, day, _key in rows:
        firsts[beneficiary] = min(day, firsts.get(beneficiary, day))
    return [(7, 3, kind, "", 0, person, day, firsts[person], key) for person, kind, day, key in rows]


def _counted(rows, kind, first, last) -> list[int]:
    """The figures of months first..last counted person by person."""
    people = {}
    for _place, _author, row_kind, _theme, _tag, person, day, first_on, key in rows:
        if kind and row_kind != kind or not first <= month_index(day) <= last:
            continue
        seen = people.setdefault(person, {"new": False, "keys": []})
        seen["new"] |= day == first_on
        if key is not None:
            seen["keys"].append(key)
    figures = dict.fromkeys(MEASURES, 0)
    for seen in people.values():
        figures["followed"] += 1
        figures["new"] += seen["new"]
        if len(seen["keys"]) >= 2:
            figures["rated_twice"] += 1
            before, after = min(seen["keys"]) % 10, max(seen["keys"]) % 10
            figures["improved" if after > before else "stable" if after == before else "declined"] += 1
    return [figures[name] for name in MEASURES]


def _summed(grid, kind, first, last, author=0) -> list[int]:
    totals = [0] * len(MEASURES)
    for (_theme, _tag, row_kind, row_author, _place, a, b), values in grid.items():
        if row_kind == kind and row_author == author and a <= first and b <= last:
            totals = [total + value for total, value in zip(totals, values, strict=True)]
    return totals


@settings(max_examples=200, deadline=None)
@given(st.lists(person_row, min_size=1, max_size=14))
def test_grid_prefix_sums_equal_a_count_person_by_person(drawn):
    rows = _rows(drawn)
    grid = grid_of(rows)
    for kind in ("", "individual", "collective"):
        for first in MONTHS:
            for last in MONTHS:
                if first <= last:
                    expected = _counted(rows, kind, first, last)
                    assert _summed(grid, kind, first, last) == expected, (kind, first, last)
                    assert _summed(grid, kind, first, last, author=3) == expected  # the only mediator


def test_a_decline_then_a_rise_within_the_period():
    rows = _rows(
        [
            {"beneficiary": 1, "kind": "individual", "day": 3, "score": 3},
            {"beneficiary": 1, "kind": "individual", "day": 40, "score": 1},
            {"beneficiary": 1, "kind": "individual", "day": 70, "score": 2},
        ]
    )
    grid = grid_of(rows)
    november, december, january = MONTHS[:3]
    assert _summed(grid, "", november, december) == [1, 1, 1, 0, 0, 1]  # 3 → 1: declined
    assert _summed(grid, "", december, january) == [1, 0, 1, 1, 0, 0]  # 1 → 2: improved, not new
    assert _summed(grid, "collective", november, january) == [0] * len(MEASURES)
