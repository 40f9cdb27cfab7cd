import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max

from relais.core.models import Membership, Place
from relais.mediation.models import Activity, Beneficiary, Tag
from relais.mediation.vocabularies import age_bracket_for
from relais.stats import generator
from relais.stats.filters import StatsFilters
from relais.stats.mediation import mediation_indicators
from relais.stats.models import MediationCell
from relais.stats.summaries import rebuild_all

TODAY = datetime.date(2026, 4, 10)


@pytest.fixture
def scene(place, other_place, mediator, outsider, network):
    """Two places with their mediators, a local tag and a network tag."""
    return {
        "local": Tag.objects.create(place=place, name="Permanence CAF"),
        "network": Tag.objects.create(organisation=network, name="Pass numérique"),
    }


def _generate(activities=400, beneficiaries=40, days=200, seed=1):
    return generator.generate(
        activities=activities, beneficiaries=beneficiaries, today=TODAY, seed=seed, days=days
    )


def test_generate_writes_the_requested_counts_of_valid_rows(scene, place, other_place):
    assert _generate() == 400
    assert Activity.objects.count() == 400
    assert Beneficiary.objects.count() == 40
    assert {kind for kind in Activity.objects.values_list("kind", flat=True)} == {"individual", "collective"}
    first_day = TODAY - datetime.timedelta(days=199)
    assert not Activity.objects.exclude(date__range=(first_day, TODAY)).exists()
    assert not Activity.objects.filter(date__week_day=1).exists()  # no Sundays
    for activity in Activity.objects.all():
        activity.full_clean()  # vocabularies, JSON lists, durations, INSEE codes, unique public id
    for person in Beneficiary.objects.all():
        person.full_clean()
        assert person.search_text == person.build_search_text()


def test_generated_links_resolve_within_the_activity_place(scene, place, other_place, mediator, outsider):
    _generate()
    members = {place.pk: {mediator.pk}, other_place.pk: {outsider.pk}}
    for activity in Activity.objects.prefetch_related("participants", "tags"):
        assert activity.author_id in members[activity.place_id]
        followed = list(activity.participants.all())
        assert all(person.place_id == activity.place_id for person in followed)
        if activity.kind == "collective":
            assert activity.participant_count == activity.anonymous_total + len(followed) > len(followed)
        else:
            assert not followed and activity.participant_count == 1
        for tag in activity.tags.all():
            assert tag == scene["network"] or tag.place_id == activity.place_id


def test_generated_followed_activities_copy_the_person(scene):
    _generate()
    followed = Activity.objects.filter(beneficiary__isnull=False).select_related("beneficiary")
    assert followed.count() > 100
    for activity in followed:
        person = activity.beneficiary
        assert person.place_id == activity.place_id
        assert activity.age_bracket == age_bracket_for(person.birth_year, activity.date.year)
        assert (activity.sex, activity.social_status) == (person.sex, person.social_status)
        assert activity.commune_name == person.commune_name


def test_generated_files_know_their_latest_visit(scene):
    _generate()
    for person in Beneficiary.objects.all():
        own = person.activities.aggregate(last=Max("date"))["last"]
        workshops = person.workshops.aggregate(last=Max("date"))["last"]
        assert person.last_activity_on == max(filter(None, [own, workshops]), default=None)
    assert Beneficiary.objects.filter(last_activity_on__isnull=False).count() > 30


def _content():
    return list(
        Activity.objects.order_by("pk").values_list(
            "kind", "date", "duration", "themes", "autonomy", "beneficiary__last_name", "participant_count"
        )
    )


def test_generate_repeats_the_same_data_for_the_same_seed(scene):
    _generate(seed=7)
    first = _content()
    Activity.objects.all().delete()
    Beneficiary.objects.all().delete()
    _generate(seed=7)
    assert _content() == first
    Activity.objects.all().delete()
    Beneficiary.objects.all().delete()
    _generate(seed=8)
    assert _content() != first


def test_generate_moves_the_sequences_past_the_written_ids(scene, place):
    _generate(activities=50, beneficiaries=5)
    top = Activity.objects.aggregate(top=Max("pk"))["top"]
    person = Beneficiary.objects.create(place=place, first_name="Zoé")
    activity = Activity.objects.create(place=place, kind="individual", date=TODAY, duration=30)
    assert activity.pk > top
    assert person.pk > 5


def test_indicators_from_summaries_equal_a_direct_computation_on_generated_data(scene, place, other_place):
    _generate(activities=1500, beneficiaries=120, days=400)
    rebuild_all()
    ids = [place.pk, other_place.pk]
    year = StatsFilters(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31), place_ids=ids)
    partial = StatsFilters(start=datetime.date(2025, 5, 12), end=TODAY, place_ids=ids)
    themed = StatsFilters(start=year.start, end=year.end, place_ids=ids, theme="email")
    tagged = StatsFilters(start=year.start, end=year.end, place_ids=ids, tag=scene["network"].pk)
    for filters in (year, partial, themed, tagged):
        summary = mediation_indicators(filters)
        assert summary == mediation_indicators(filters, direct=True)
    assert mediation_indicators(year)["accompaniments"] > 1000
    assert mediation_indicators(tagged)["accompaniments"] > 0


def test_command_fills_and_rebuilds_and_can_run_twice(scene, place, other_place):
    out = StringIO()
    call_command(
        "generate_load_data", "--activities", "120", "--beneficiaries", "12", "--days", "90", stdout=out
    )
    assert "120 activities and 12 beneficiaries created" in out.getvalue()
    call_command(
        "generate_load_data", "--activities", "120", "--beneficiaries", "12", "--days", "90", stdout=out
    )
    assert Activity.objects.count() == 240
    assert Beneficiary.objects.count() == 24
    assert Activity.objects.values("public_id").distinct().count() == 240
    whole = StatsFilters(
        start=TODAY - datetime.timedelta(days=89), end=TODAY, place_ids=[place.pk, other_place.pk]
    )
    assert MediationCell.objects.exists()
    assert mediation_indicators(whole)["activities"] == 240


def test_command_adds_places_with_their_mediators_and_fills_them(scene, place, other_place):
    call_command(
        "generate_load_data",
        *("--activities", "600", "--beneficiaries", "60", "--days", "60", "--places", "4"),
        stdout=StringIO(),
    )
    added = Place.objects.filter(slug__startswith="lieu-charge-")
    assert added.count() == 4
    assert added.values("organisation").distinct().count() == 1
    for new_place in added:
        mediators = Membership.objects.filter(place=new_place, role="mediator")
        assert 1 <= mediators.count() <= 3
        assert not mediators.first().user.has_usable_password()
        assert Activity.objects.filter(place=new_place, author__memberships__place=new_place).exists()
    every = [place.pk, other_place.pk, *added.values_list("pk", flat=True)]
    whole = StatsFilters(start=TODAY - datetime.timedelta(days=59), end=TODAY, place_ids=every)
    assert mediation_indicators(whole) == mediation_indicators(whole, direct=True)
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_load_data", "--activities", "1", "--places", "-2")


def test_command_refuses_negative_counts_and_an_empty_network(db):
    with pytest.raises(CommandError, match="no place"):
        call_command("generate_load_data", "--activities", "10")
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_load_data", "--activities", "-1")
    assert not Activity.objects.exists()
