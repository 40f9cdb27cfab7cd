"""Organisation roll-ups: a network's view reads them, they follow every change, and they equal the place
rows added up (a full rebuild); a long breakdown shows its first rows with the whole table one link away."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_place
from relais.mediation import services
from relais.mediation.models import Beneficiary
from relais.stats import rollups, summaries
from relais.stats.filters import StatsFilters
from relais.stats.mediation import mediation_indicators
from relais.stats.models import MediationCell, MediationOrganisationCell, MediationOrganisationGrid
from relais.stats.tables import PREVIEW_ROWS, Table

Q1 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 3, 31)}


@pytest.fixture
def sibling(place):
    return make_place(place.organisation, "lieu-a-bis", name="Lieu A bis", commune="Épernay")


def _visit(place, author, day, *, first_name="Claire", autonomy=""):
    person = Beneficiary.objects.create(place=place, first_name=first_name)
    services.activity_create(
        author=author,
        place=place,
        kind="individual",
        date=day,
        duration=30,
        themes=["email"],
        beneficiary=person,
        autonomy=autonomy,
    )
    return person


def _checked(place_ids):
    cache.clear()
    filters = StatsFilters(**Q1, place_ids=place_ids)
    result = mediation_indicators(filters)
    assert result == mediation_indicators(filters, direct=True)
    return result


def test_split_reads_whole_organisations_from_their_rollups(place, sibling, other_place):
    assert rollups.split([place.pk, sibling.pk, other_place.pk]) == (
        sorted([place.organisation_id, other_place.organisation_id]),
        [],
    )
    assert rollups.split([place.pk, other_place.pk]) == ([other_place.organisation_id], [place.pk])


def test_a_network_reads_the_rollups_and_part_of_an_organisation_the_places(
    activities, place, sibling, mediator
):
    _visit(sibling, mediator, datetime.date(2026, 2, 3), autonomy="autonome")
    summaries.refresh_dirty()
    organisation_cells = MediationOrganisationCell._meta.db_table
    for place_ids, reads_rollups in (([place.pk, sibling.pk], True), ([place.pk], False)):
        cache.clear()
        filters = StatsFilters(**Q1, place_ids=place_ids)
        with CaptureQueriesContext(connection) as queries:
            result = mediation_indicators(filters)
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert (organisation_cells in sql) is reads_rollups
        assert result == mediation_indicators(filters, direct=True)
    assert _checked([place.pk, sibling.pk])["accompaniments"] == 8  # the quarter's 7, and Claire
    assert _checked([place.pk, sibling.pk])["followed_beneficiaries"] == 3
    # One mediator's work: from the places, whatever the scope.
    filters = StatsFilters(**Q1, place_ids=[place.pk, sibling.pk], author=mediator.pk)
    with CaptureQueriesContext(connection) as queries:
        mediation_indicators(filters)
    assert organisation_cells not in " ".join(query["sql"] for query in queries.captured_queries)


def test_a_place_moving_to_another_organisation_takes_its_figures_along(
    activities, place, sibling, other_place, mediator
):
    _visit(sibling, mediator, datetime.date(2026, 2, 3), autonomy="autonome")
    summaries.refresh_dirty()
    before = _checked([other_place.pk])["accompaniments"]
    sibling.organisation = other_place.organisation
    sibling.save()
    assert _checked([other_place.pk, sibling.pk])["accompaniments"] == before + 1
    assert _checked([place.pk])["accompaniments"] == 7
    assert rollups.split([place.pk]) == ([place.organisation_id], [])
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


def test_a_place_moving_with_a_month_not_yet_recomputed(activities, place, sibling, other_place, mediator):
    first = _visit(sibling, mediator, datetime.date(2026, 2, 3))
    _visit(sibling, mediator, datetime.date(2026, 3, 9))
    summaries.refresh_dirty()
    first.activities.all().delete()  # February is pending when the place moves
    sibling.organisation = other_place.organisation
    sibling.save()
    assert _checked([other_place.pk, sibling.pk])["accompaniments"] == 2  # B's visit and March's
    assert _checked([place.pk])["accompaniments"] == 7
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


def test_a_place_deleted_leaves_nothing_in_its_organisation(activities, place, sibling, mediator):
    person = _visit(sibling, mediator, datetime.date(2026, 2, 3))
    summaries.refresh_dirty()
    assert MediationOrganisationCell.objects.filter(code=str(sibling.pk), dimension="place").exists()
    person.activities.all().delete()  # its month is dirty: not recomputed yet
    sibling.delete()
    assert not MediationOrganisationCell.objects.filter(code=str(sibling.pk), dimension="place").exists()
    incremental = summaries.snapshot()
    summaries.rebuild_all()
    assert summaries.snapshot() == incremental


class _Statements:
    """What the migration uses of a schema editor (SQLite allows no real one inside a test's transaction)."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_upgrade_adds_up_the_summaries_already_written(activities, place, sibling, mediator):
    _visit(sibling, mediator, datetime.date(2026, 2, 3), autonomy="autonome")
    summaries.refresh_dirty()
    expected = summaries.snapshot()
    MediationOrganisationCell.objects.all().delete()
    MediationOrganisationGrid.objects.all().delete()
    migration = importlib.import_module("relais.stats.migrations.0006_organisation_rollups")
    migration.fill_rollups(apps, _Statements())
    assert summaries.snapshot() == expected
    assert MediationOrganisationGrid.objects.filter(organisation_id=place.organisation_id).exists()


def test_rollups_hold_fewer_rows_than_the_places(activities, place, sibling, mediator):
    for day in (3, 4, 5):
        _visit(sibling, mediator, datetime.date(2026, 2, day))
    summaries.refresh_dirty()
    places = MediationCell.objects.filter(place_id__in=[place.pk, sibling.pk]).count()
    assert MediationOrganisationCell.objects.filter(organisation_id=place.organisation_id).count() < places


def test_a_long_table_shows_its_first_rows_and_links_to_the_whole_of_it(
    coordinator_client, place, mediator, monkeypatch
):
    for number in range(PREVIEW_ROWS + 10):
        other = make_place(place.organisation, f"lieu-{number}", name=f"Lieu {number:02d}")
        _visit(other, mediator, datetime.date(2026, 2, 1 + number % 28))
    query = "?period=custom&start=2026-01-01&end=2026-03-31"
    content = coordinator_client.get(reverse("stats:dashboard") + query).content.decode()
    assert "Et 10 autres lignes." in content
    whole = reverse("stats:table", args=["place"])
    assert f'href="{whole}{query.replace("&", "&amp;")}"' in content
    response = coordinator_client.get(whole + query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == PREVIEW_ROWS + 10
    assert "Lieu 29" in response.content.decode()
    monkeypatch.setattr("relais.stats.views.TABLE_PAGE_ROWS", 10)
    page = coordinator_client.get(whole + query + "&page=3")
    assert [row[0] for row, _link in page.context["page"].object_list][-1] == "Lieu 29"
    assert "Page 3 sur 3" in page.content.decode()
    assert coordinator_client.get(reverse("stats:table", args=["nothing"]) + query).status_code == 404


def test_the_report_shows_the_first_rows_of_a_long_table():
    table = Table("commune", "Communes", ["Commune", "Accompagnements"], [[f"C{n}", n] for n in range(40)])
    html = render_to_string("stats/_report_table.html", {"table": table})
    assert html.count("<tr>") == PREVIEW_ROWS + 1  # the header and the first rows
    assert "20 autres lignes" in html
    series = Table("by_month", "Mois", ["Mois", "Accompagnements"], [[n, n] for n in range(40)], series=True)
    assert render_to_string("stats/_report_table.html", {"table": series}).count("<tr>") == 41
