"""Theme, tag and partial-period indicators come from the summaries and equal a direct count.

The hand-counted quarter is the `activities` fixture (conftest.py); the property tests draw random
activities and filters and compare the summaries with `mediation_indicators(..., direct=True)`.
"""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_place
from relais.core.models import Place
from relais.mediation import services
from relais.mediation.models import Beneficiary, Tag
from relais.stats import people as people_grid
from relais.stats import summaries
from relais.stats.filters import StatsFilters
from relais.stats.mediation import _plan, mediation_indicators
from relais.stats.models import (
    MediationCell,
    MediationDayCell,
    MediationOrganisationGrid,
    MediationPeopleGrid,
    MediationPersonDay,
    SummaryVersion,
)

Q1 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 3, 31)}
FIRST_DAY = datetime.date(2026, 1, 1)
LAST_DAY = datetime.date(2026, 4, 10)
NO_PROGRESS = {"followed_rated_twice": 0, "improved": 0, "stable": 0, "declined": 0}


def _indicators(**filters):
    """Indicators from the summaries, after checking that a direct count gives exactly the same."""
    filters = StatsFilters(**filters)
    result = mediation_indicators(filters)
    assert result == mediation_indicators(filters, direct=True)
    return result


def _shares(result, name):
    return {row["code"]: row["accompaniments"] for row in result["breakdowns"][name]}


def _key_figures(result):
    names = ("accompaniments", "activities", "followed_beneficiaries", "new_beneficiaries")
    return {name: result[name] for name in names}


def test_theme_filter_reads_its_own_summary_cells(activities, place):
    result = _indicators(**Q1, place_ids=[place.pk], theme="email")
    assert _key_figures(result) == {
        "accompaniments": 2,
        "activities": 2,
        "followed_beneficiaries": 1,
        "new_beneficiaries": 1,
    }
    assert result["autonomy_progress"] == {**NO_PROGRESS, "followed_rated_twice": 1, "improved": 1}
    assert _shares(result, "theme_administrative") == {"logement": 1}
    assert _shares(result, "referral") == {"administration": 1}
    assert [row["accompaniments"] for row in result["by_month"]] == [1, 1, 0]
    assert MediationCell.objects.filter(theme="email", dimension="total").exists()


def test_workshop_theme_counts_each_participant(activities, place):
    result = _indicators(**Q1, place_ids=[place.pk], theme="bureautique")
    assert result["accompaniments"] == 4
    assert result["followed_beneficiaries"] == 1  # Bob, first seen in December: not new
    assert result["new_beneficiaries"] == 3  # the three anonymous participants
    assert _shares(result, "sex") == {"feminin": 2, "masculin": 1, "non_communique": 1}


def test_tag_filter_and_theme_with_tag(activities, place):
    tag = activities["tag"].pk
    result = _indicators(**Q1, place_ids=[place.pk], tag=tag)
    assert _key_figures(result) == {
        "accompaniments": 1,
        "activities": 1,
        "followed_beneficiaries": 1,
        "new_beneficiaries": 1,
    }
    assert result["autonomy_progress"] == NO_PROGRESS  # rated once under this tag
    assert _shares(result, "equipment") == {"ordinateur": 1}
    assert _indicators(**Q1, place_ids=[place.pk], tag=tag, theme="email")["accompaniments"] == 1
    assert _indicators(**Q1, place_ids=[place.pk], tag=tag, theme="sante")["accompaniments"] == 0


def test_partial_months_at_both_ends(activities, place):
    result = _indicators(
        start=datetime.date(2025, 12, 20), end=datetime.date(2026, 1, 10), place_ids=[place.pk]
    )
    assert _key_figures(result) == {
        "accompaniments": 2,
        "activities": 2,
        "followed_beneficiaries": 2,
        "new_beneficiaries": 2,
    }
    assert [row["accompaniments"] for row in result["by_month"]] == [1, 1]
    assert [row["date"] for row in result["by_day"] if row["accompaniments"]] == ["2025-12-20", "2026-01-10"]


def test_partial_month_read_as_its_month_less_the_days_outside(activities, place):
    filters = StatsFilters(
        start=datetime.date(2026, 2, 2), end=datetime.date(2026, 3, 30), place_ids=[place.pk]
    )
    assert _plan(filters) == (
        [datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)],
        [
            (datetime.date(2026, 2, 1), datetime.date(2026, 2, 1), -1),
            (datetime.date(2026, 3, 31), datetime.date(2026, 3, 31), -1),
        ],
    )
    result = _indicators(start=filters.start, end=filters.end, place_ids=[place.pk])
    assert result["accompaniments"] == 6
    assert result["new_beneficiaries"] == 4  # the 1 + 3 anonymous; Alice and Bob came before
    one_day = _indicators(
        start=datetime.date(2026, 2, 6), end=datetime.date(2026, 2, 6), place_ids=[place.pk]
    )
    assert (one_day["accompaniments"], one_day["new_beneficiaries"]) == (1, 1)
    assert _shares(one_day, "commune") == {"Reims": 1}


def test_partial_month_under_a_theme_filter(activities, place):
    result = _indicators(start=datetime.date(2026, 1, 11), end=Q1["end"], place_ids=[place.pk], theme="email")
    assert (result["accompaniments"], result["followed_beneficiaries"], result["new_beneficiaries"]) == (
        1,
        1,
        0,
    )
    assert result["autonomy_progress"] == NO_PROGRESS


def test_one_mediator_with_nothing_in_the_period_but_a_left_out_day_of_its_month(place, mediator):
    """The month is read whole less the 1st: both reads must come from the same places, even though the
    mediator recorded nothing between the 2nd and the period's end."""
    services.activity_create(
        author=mediator,
        place=place,
        date=datetime.date(2026, 1, 1),
        kind="individual",
        themes=["email"],
        duration=45,
    )
    result = _indicators(
        start=datetime.date(2026, 1, 2),
        end=datetime.date(2026, 2, 1),
        place_ids=[place.pk],
        author=mediator.pk,
    )
    assert (result["accompaniments"], result["activities"], result["beneficiaries"]) == (0, 0, 0)
    assert [row["accompaniments"] for row in result["by_month"]] == [0, 0]


def test_day_cells_and_scoped_rows_follow_a_change(activities, place, mediator):
    summaries.refresh_dirty()
    activity = place.activities.get(date=datetime.date(2026, 1, 10))
    services.activity_update(actor=mediator, activity=activity, date=datetime.date(2026, 2, 20), tags=[])
    result = _indicators(
        start=datetime.date(2026, 2, 15), end=datetime.date(2026, 2, 25), place_ids=[place.pk]
    )
    assert result["accompaniments"] == 1
    assert not MediationPersonDay.objects.filter(tag_id=activities["tag"].pk).exists()
    assert MediationDayCell.objects.filter(date=datetime.date(2026, 2, 20), dimension="total").exists()
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


@pytest.fixture
def people(place, other_place):
    return [
        *(Beneficiary.objects.create(place=place, first_name=name, sex="feminin") for name in "ABC"),
        Beneficiary.objects.create(place=other_place, first_name="D", birth_year=1960),
    ]


@pytest.fixture
def tags(place):
    return [
        Tag.objects.create(place=place, name="France services"),
        Tag.objects.create(place=place, name="CCAS"),
    ]


THEMES = [["email"], ["sante"], ["email", "sante"], ["aide_aux_demarches_administratives", "logement"]]
days = st.dates(min_value=FIRST_DAY, max_value=datetime.date(2026, 3, 31))
activity_values = st.fixed_dictionaries(
    {
        "in_a": st.booleans(),
        "date": days,
        "collective": st.booleans(),
        "themes": st.sampled_from(THEMES),
        "person": st.sampled_from([None, 0, 1, 2]),
        "group": st.sets(st.sampled_from([0, 1, 2]), max_size=3),
        "anonymous": st.integers(0, 3),
        "autonomy": st.sampled_from(["", "entierement_accompagne", "partiellement_autonome", "autonome"]),
        "tags": st.sets(st.sampled_from([0, 1]), max_size=2),
    }
)


def _create(values, *, place, other_place, mediator, outsider, people, tags):
    if not values["in_a"]:
        common = {"author": outsider, "place": other_place, "beneficiary": people[3]}
    else:
        person = values["person"]
        group_tags = [tags[index] for index in sorted(values["tags"])]
        common = {"author": mediator, "place": place, "tags": group_tags}
        common["beneficiary"] = None if person is None else people[person]
    common.update(date=values["date"], themes=values["themes"], duration=45)
    if values["collective"] and values["in_a"] and (values["group"] or values["anonymous"]):
        del common["beneficiary"]
        return services.activity_create(
            **common,
            kind="collective",
            participants=[people[index] for index in sorted(values["group"])],
            anonymous_participants={"total": values["anonymous"]} if values["anonymous"] else None,
            workshop_title="Atelier",
        )
    return services.activity_create(**common, kind="individual", autonomy=values["autonomy"])


@pytest.fixture
def sibling(place):
    """A place of the same organisation as `place`, without activities: a scope of `place` alone is part
    of an organisation (read from place rows), with `sibling` the whole of it (read from its roll-up)."""
    return make_place(place.organisation, "lieu-a-bis", name="Lieu A bis")


def _filters(data, place, other_place, mediator, tags, sibling) -> StatsFilters:
    start = data.draw(st.dates(min_value=datetime.date(2025, 12, 15), max_value=LAST_DAY), label="start")
    end = data.draw(st.dates(min_value=start, max_value=LAST_DAY), label="end")
    if data.draw(st.booleans(), label="whole months"):  # the people grid answers these
        start, end = summaries.month_of(start), summaries.month_end(end)
    return StatsFilters(
        start=start,
        end=end,
        place_ids=data.draw(
            st.sampled_from([[place.pk], [place.pk, other_place.pk], [place.pk, sibling.pk, other_place.pk]]),
            label="places",
        ),
        author=data.draw(st.sampled_from([None, mediator.pk]), label="author"),
        kind=data.draw(st.sampled_from(["", "individual", "collective"]), label="kind"),
        theme=data.draw(st.sampled_from(["", "email", "sante", "logement"]), label="theme"),
        tag=data.draw(st.sampled_from([None, tags[0].pk, tags[1].pk]), label="tag"),
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(activity_values, min_size=2, max_size=12), data=st.data())
def test_summaries_equal_a_direct_count_for_any_filters(
    drawn, data, place, other_place, mediator, outsider, people, tags, sibling
):
    cache.clear()  # each example rolls back: its summaries' version may come back in the next one
    with transaction.atomic():
        created = [
            _create(
                values,
                place=place,
                other_place=other_place,
                mediator=mediator,
                outsider=outsider,
                people=people,
                tags=tags,
            )
            for values in drawn
        ]
        for _round in range(3):
            filters = _filters(data, place, other_place, mediator, tags, sibling)
            assert mediation_indicators(filters) == mediation_indicators(filters, direct=True), filters
        if created:
            moved = created[data.draw(st.integers(0, len(created) - 1), label="moved")]
            moved.date = data.draw(days, label="new date")
            moved.save()
            moved.tags.set(tags[:1])
            filters = _filters(data, place, other_place, mediator, tags, sibling)
            assert mediation_indicators(filters) == mediation_indicators(filters, direct=True), filters
        if data.draw(st.booleans(), label="other place joins the first organisation"):
            summaries.refresh_dirty()
            moved_place = Place.objects.get(pk=other_place.pk)  # not the fixture: this example rolls back
            moved_place.organisation = place.organisation
            moved_place.save()
            filters = _filters(data, place, other_place, mediator, tags, sibling)
            assert mediation_indicators(filters) == mediation_indicators(filters, direct=True), filters
        incremental = summaries.snapshot()
        summaries.rebuild_all()
        assert summaries.snapshot() == incremental
        transaction.set_rollback(True)


def test_people_figures_of_whole_months_come_from_the_grid(activities, place):
    grids = (MediationPeopleGrid._meta.db_table, MediationOrganisationGrid._meta.db_table)
    person = MediationPersonDay._meta.db_table
    periods = (
        (Q1, True),
        ({**Q1, "start": datetime.date(2026, 1, 12)}, False),  # leaves out the visit of 10 January
        ({**Q1, "start": datetime.date(2026, 1, 9)}, True),  # nobody seen from the 1st to the 8th
    )
    summaries.refresh_dirty()
    for period, reads_grid in periods:
        cache.clear()
        filters = StatsFilters(**period, place_ids=[place.pk])
        with CaptureQueriesContext(connection) as queries:
            result = mediation_indicators(filters)
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert any(grid in sql for grid in grids) is reads_grid, period
        assert (f'MIN("{person}"."autonomy_key")' in sql) is not reads_grid
        assert result == mediation_indicators(filters, direct=True)
        assert result["followed_beneficiaries"] >= 1
    assert MediationPeopleGrid.objects.filter(place_id=place.pk, kind="").exists()


def test_summaries_from_before_the_grid_are_counted_from_person_rows_until_a_rebuild(activities, place):
    summaries.refresh_dirty()
    MediationPeopleGrid.objects.all().delete()  # as after the upgrade that added the grid
    MediationOrganisationGrid.objects.all().delete()
    SummaryVersion.objects.create(place_id=summaries.GRID_PENDING, version="upgrade")
    filters = StatsFilters(**Q1, place_ids=[place.pk])
    result = mediation_indicators(filters)
    assert result["followed_beneficiaries"] == 2
    assert result == mediation_indicators(filters, direct=True)
    summaries.rebuild_all()
    assert summaries.grid_ready()
    assert MediationPeopleGrid.objects.filter(place_id=place.pk).exists()
    cache.clear()
    assert mediation_indicators(filters) == result


def test_people_grid_rebuilt_with_little_memory_is_the_same(activities, place):
    summaries.refresh_dirty()
    expected = summaries.snapshot()
    columns = (*people_grid.KEY, *people_grid.MEASURES)
    writes = []

    def write(rows):
        writes.append(1)
        summaries._insert(MediationPeopleGrid, columns, rows)

    with CaptureQueriesContext(connection) as queries:
        people_grid.rebuild(write, held=3, step=1)  # one beneficiary at a time
    assert writes == [1]  # the first batch by the bulk path, the next ones added to it
    assert [query for query in queries if "ON CONFLICT" in query["sql"]]
    assert summaries.snapshot() == expected


def test_rebuild_command_recomputes_every_summary(activities, place):
    summaries.refresh_dirty()
    expected = summaries.snapshot()
    MediationDayCell.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", stdout=out)
    call_command("rebuild_summaries", stdout=out)
    assert "summaries rebuilt from 6 activities" in out.getvalue()
    assert summaries.snapshot() == expected


def test_cached_indicators_are_dropped_when_the_summaries_change(activities, place, other_place, mediator):
    filters = StatsFilters(**Q1, place_ids=[place.pk])
    assert mediation_indicators(filters)["accompaniments"] == 7
    with CaptureQueriesContext(connection) as queries:
        assert mediation_indicators(filters)["accompaniments"] == 7
    assert not [query for query in queries if "stats_mediationcell" in query["sql"]]
    version = summaries.summary_version([place.pk])
    elsewhere = StatsFilters(**Q1, place_ids=[other_place.pk])
    assert mediation_indicators(elsewhere)["accompaniments"] == 1
    services.activity_create(
        author=mediator,
        place=place,
        kind="individual",
        date=datetime.date(2026, 3, 2),
        duration=30,
        themes=["sante"],
    )
    summaries.refresh_dirty()
    with CaptureQueriesContext(connection) as queries:
        assert mediation_indicators(elsewhere)["accompaniments"] == 1  # another place: still cached
    assert not [query for query in queries if "stats_mediationcell" in query["sql"]]
    assert mediation_indicators(filters)["accompaniments"] == 8
    changed = summaries.summary_version([place.pk])
    assert changed != version
    summaries.rebuild_all()
    assert summaries.summary_version([place.pk]) not in (version, changed)
    assert mediation_indicators(elsewhere)["accompaniments"] == 1
