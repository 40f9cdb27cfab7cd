import datetime

from relais.stats import summaries
from relais.stats.filters import StatsFilters
from relais.stats.mediation import mediation_indicators

Q1 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 3, 31)}


def _shares(result, name):
    return {row["code"]: row["accompaniments"] for row in result["breakdowns"][name]}


def test_mediation_totals_match_the_hand_count(activities, place):
    result = mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk]))
    assert result["accompaniments"] == 7
    assert result["individual_accompaniments"] == 3
    assert result["collective_accompaniments"] == 4
    assert result["activities"] == 4
    assert result["workshops"] == 1
    assert result["followed_beneficiaries"] == 2
    assert result["anonymous_beneficiaries"] == 4
    assert result["beneficiaries"] == 6
    assert result["new_beneficiaries"] == 5
    assert result["referrals"] == 1
    assert result["autonomy_progress"] == {
        "followed_rated_twice": 1,
        "improved": 1,
        "stable": 0,
        "declined": 0,
    }


def test_mediation_breakdowns_are_weighted_by_participants(activities, place):
    result = mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk]))
    assert _shares(result, "theme_mediation") == {
        "bureautique": 4,
        "email": 2,
        "sante": 1,
        "aide_aux_demarches_administratives": 1,
    }
    assert _shares(result, "theme_administrative") == {"logement": 1}
    assert _shares(result, "duration") == {"60_120": 4, "30_60": 2, "0_30": 1}
    assert _shares(result, "sex") == {"feminin": 4, "masculin": 2, "non_communique": 1}
    assert _shares(result, "referral") == {"administration": 1}
    assert _shares(result, "tag") == {str(activities["tag"].pk): 1}
    assert _shares(result, "commune") == {"": 6, "Reims": 1}
    assert [row["accompaniments"] for row in result["by_month"]] == [1, 2, 4]


def test_mediation_partial_months_and_summaries_agree(activities, place):
    partial = mediation_indicators(
        StatsFilters(start=datetime.date(2026, 1, 11), end=datetime.date(2026, 3, 20), place_ids=[place.pk])
    )
    assert partial["accompaniments"] == 6
    assert partial["new_beneficiaries"] == 4


def test_mediation_theme_filter_counts_only_that_theme(activities, place):
    result = mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk], theme="email"))
    assert result["accompaniments"] == 2
    assert result["followed_beneficiaries"] == 1
    assert result["new_beneficiaries"] == 1
    assert result["autonomy_progress"]["improved"] == 1


def test_mediation_never_counts_another_scope(activities, place, other_place):
    result = mediation_indicators(StatsFilters(**Q1, place_ids=[other_place.pk]))
    assert result["accompaniments"] == 1
    assert result["followed_beneficiaries"] == 0


def test_summaries_kept_incrementally_equal_a_rebuild(activities, place):
    summaries.refresh_dirty()
    incremental = summaries.snapshot()
    assert incremental[0]
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


def test_summaries_follow_a_moved_activity(activities, place):
    summaries.refresh_dirty()
    activity = place.activities.get(date=datetime.date(2026, 2, 6))
    activity.date = datetime.date(2026, 3, 1)
    activity.save()
    result = mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk]))
    assert [row["accompaniments"] for row in result["by_month"]] == [1, 1, 5]
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


def test_summaries_give_the_same_indicators_as_the_activities(activities, place, other_place):
    filters = StatsFilters(**Q1, place_ids=[place.pk, other_place.pk])
    assert mediation_indicators(filters) == mediation_indicators(filters, direct=True)


def test_summaries_follow_activities_imported_in_bulk(activities, place, django_capture_on_commit_callbacks):
    import tablib

    from relais.mediation.transfers import import_activities

    summaries.refresh_dirty()
    before = mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk]))["accompaniments"]
    dataset = tablib.Dataset(headers=["Date", "Type", "Durée (min)", "Thématique(s) d'accompagnement"])
    dataset.append(["2026-02-10", "Individuel", "30", "E-mail"])
    dataset.append(["2026-03-12", "Individuel", "45", "E-mail"])

    with django_capture_on_commit_callbacks(execute=True):
        report = import_activities(dataset, place=place, actor=None)

    assert report.is_valid and report.created == 2
    assert mediation_indicators(StatsFilters(**Q1, place_ids=[place.pk]))["accompaniments"] == before + 2
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental
