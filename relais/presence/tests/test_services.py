from datetime import timedelta

import pytest
import tablib
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from relais.core.models import Journal
from relais.presence import services
from relais.presence.models import Audit, AuditBatch, Objective, Subject
from relais.presence.tests.factories import AuditFactory, SubjectFactory, checks
from relais.presence.tests.sites import Route, good_routes, page

CSV_OK = (
    "nom;site_web;code_postal;telephone;courriel;siret\n"
    "Les Connectés;https://a.fr;51100;0326501020;a@a.fr;\n"
    "La Fabrique;https://b.fr;51100;;;\n"
)


@pytest.fixture
def territory(place):
    return SubjectFactory(place=place, territory=True, name="Grand Reims")


def test_territory_import_csv_adds_organisations(territory, mediator):
    result = services.territory_import(
        territory=territory, name="liste.csv", content=CSV_OK.encode(), actor=mediator
    )

    assert (result.created, result.updated, result.errors) == (2, 0, [])
    assert set(territory.members.values_list("name", flat=True)) == {"Les Connectés", "La Fabrique"}
    assert Journal.objects.filter(action="presence_territory.import").count() == 1


def test_territory_import_again_updates_rows(territory, mediator):
    services.territory_import(territory=territory, name="liste.csv", content=CSV_OK.encode(), actor=mediator)

    result = services.territory_import(
        territory=territory, name="liste.csv", content=CSV_OK.encode(), actor=mediator
    )

    assert (result.created, result.updated) == (0, 2)
    assert Subject.objects.organisations().count() == 2


def test_territory_import_with_bad_rows_reports_lines_and_writes_nothing(territory, mediator):
    content = (
        "nom;site_web;courriel;siret\nBonne;https://a.fr;a@a.fr;\nMauvaise;pas un site;pas-un-courriel;123\n"
    )

    result = services.territory_import(
        territory=territory, name="liste.csv", content=content.encode(), actor=mediator
    )

    assert [line for line, _message in result.errors] == [3]
    assert "SIRET" in result.errors[0][1]
    assert Subject.objects.organisations().count() == 0
    assert territory.members.count() == 0


@pytest.mark.parametrize("extension", ["xlsx", "ods"])
def test_territory_import_reads_spreadsheets(territory, mediator, extension):
    data = tablib.Dataset(headers=["nom", "site_web", "code_postal"])
    data.append(["Médiathèque", "https://m.fr", "51100"])

    result = services.territory_import(
        territory=territory, name=f"liste.{extension}", content=data.export(extension), actor=mediator
    )

    assert result.created == 1


def test_territory_import_refuses_other_formats(territory, mediator):
    with pytest.raises(ValidationError):
        services.territory_import(territory=territory, name="liste.pdf", content=b"%PDF", actor=mediator)


def test_territory_import_needs_a_name_column(territory, mediator):
    with pytest.raises(ValidationError):
        services.territory_import(
            territory=territory, name="l.csv", content=b"site_web\nhttps://a.fr\n", actor=mediator
        )


def test_audit_request_and_execute_store_the_report(
    place, mediator, make_site, django_capture_on_commit_callbacks
):
    site = make_site(good_routes())
    subject = SubjectFactory(place=place, website=site.url, name="Association Les Connectés")

    with django_capture_on_commit_callbacks(execute=True):
        audit = services.audit_request(subject=subject, actor=mediator, pages=3)

    audit.refresh_from_db()
    subject.refresh_from_db()
    assert audit.status == Audit.Status.DONE
    assert audit.algorithm_version
    assert audit.grade in "ABCDE"
    assert subject.latest_audit == audit
    assert {c["id"] for c in audit.checks} >= {"https", "nap_consistency", "legal_notice"}


def test_audit_request_refuses_a_territory(territory, mediator):
    with pytest.raises(ValidationError):
        services.audit_request(subject=territory, actor=mediator)


def test_unreachable_site_is_a_finished_audit_with_a_message(
    place, mediator, django_capture_on_commit_callbacks
):
    subject = SubjectFactory(place=place, website="")

    with django_capture_on_commit_callbacks(execute=True):
        audit = services.audit_request(subject=subject, actor=mediator, pages=1)

    audit.refresh_from_db()
    assert audit.status == Audit.Status.DONE
    assert audit.reachable is False
    assert audit.check_by_id()["reachable"]["message"] == "L'adresse du site n'est pas valide."


def test_batch_audits_every_member_and_tracks_progress(
    territory, mediator, make_site, django_capture_on_commit_callbacks
):
    sites = [make_site(good_routes()) for _ in range(3)]
    for index, site in enumerate(sites):
        territory.members.add(SubjectFactory(place=territory.place, website=site.url, name=f"Org {index}"))
    broken = SubjectFactory(place=territory.place, website="http://127.0.0.1:9/", name="Injoignable")
    territory.members.add(broken)

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_start(territory=territory, actor=mediator, pages=2)

    batch.refresh_from_db()
    assert batch.status == AuditBatch.Status.DONE
    assert (batch.done, batch.total, batch.percent) == (4, 4, 100)
    assert batch.audits.filter(status=Audit.Status.DONE).count() == 4
    assert all(site.max_in_flight == 1 for site in sites)
    summary = services.territory_summary(territory)
    assert summary["audited"] == 4
    assert sum(row["count"] for row in summary["distribution"]) == 4
    assert summary["worst_checks"]


def test_batch_cancelled_before_running_audits_nothing(territory, mediator, make_site):
    site = make_site(good_routes())
    territory.members.add(SubjectFactory(place=territory.place, website=site.url))
    batch = AuditBatch.objects.create(territory=territory, total=1)
    Audit.objects.create(subject=territory.members.get(), batch=batch, url=site.url)

    services.batch_cancel(batch=batch, actor=mediator)
    services.batch_execute(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == AuditBatch.Status.CANCELLED
    assert site.requests == []
    assert batch.audits.get().status == Audit.Status.CANCELLED


def test_batch_cancelled_while_running_stops_remaining_audits(territory, mediator, make_site, monkeypatch):
    slow = {"/robots.txt": Route(404), "/": Route(body=page(), delay=0.3)}
    sites = [make_site(slow) for _ in range(6)]
    batch = AuditBatch.objects.create(territory=territory, total=6, status=AuditBatch.Status.RUNNING)
    for index, site in enumerate(sites):
        member = SubjectFactory(place=territory.place, website=site.url, name=f"Lente {index}")
        Audit.objects.create(subject=member, batch=batch, url=site.url, pages=1)
    first_result = {"seen": False}
    original = services.audit_store_report

    def store_then_cancel(audit, report):
        original(audit, report)
        if not first_result["seen"]:
            first_result["seen"] = True
            AuditBatch.objects.filter(pk=batch.pk).update(cancel_requested_at=timezone.now())

    monkeypatch.setattr(services, "audit_store_report", store_then_cancel)
    services.batch_execute(batch_id=batch.pk, runner_options={"sites_in_flight": 1, "heartbeat": 0.05})

    batch.refresh_from_db()
    assert batch.status == AuditBatch.Status.CANCELLED
    assert batch.audits.filter(status=Audit.Status.DONE).count() >= 1
    assert batch.audits.filter(status=Audit.Status.CANCELLED).count() >= 1
    assert not batch.audits.filter(status__in=["queued", "running"]).exists()


def test_batch_start_refuses_an_empty_territory(territory, mediator):
    with pytest.raises(ValidationError):
        services.batch_start(territory=territory, actor=mediator)


def test_objective_starts_from_the_audit_value_and_is_reached_by_a_reaudit(place, mediator):
    audit = AuditFactory(subject__place=place)

    objective = services.objective_create(
        audit=audit,
        actor=mediator,
        title="Allonger le titre",
        indicator="check:title",
        target=100,
        due_on=timezone.localdate() + timedelta(days=30),
    )

    assert objective.baseline == 50
    later = AuditFactory(subject=audit.subject, checks=checks(1.0))
    assert services.objectives_update(subject=audit.subject, audit=later) == 1
    objective.refresh_from_db()
    assert objective.achieved_on == timezone.localdate()
    assert services.objective_progress(objective, later)["percent"] == 100


def test_objective_refuses_an_unmeasured_indicator(place, mediator):
    audit = AuditFactory(subject__place=place)

    with pytest.raises(ValidationError):
        services.objective_create(
            audit=audit,
            actor=mediator,
            title="OSM",
            indicator="check:osm",
            target=100,
            due_on=timezone.localdate() + timedelta(days=30),
        )
    assert Objective.objects.count() == 0


def test_objective_refuses_a_target_below_the_current_value(place, mediator):
    audit = AuditFactory(subject__place=place)

    with pytest.raises(ValidationError):
        services.objective_create(
            audit=audit,
            actor=mediator,
            title="Total",
            indicator="total:total",
            target=40,
            due_on=timezone.localdate() + timedelta(days=30),
        )


def test_monthly_reaudits_queue_only_subjects_audited_a_month_ago(
    place, django_capture_on_commit_callbacks, monkeypatch
):
    executed = []
    monkeypatch.setattr(services, "audit_execute", lambda *, audit_id: executed.append(audit_id))
    stale = SubjectFactory(place=place, monthly_reaudit=True, name="Ancienne")
    fresh = SubjectFactory(place=place, monthly_reaudit=True, name="Récente")
    SubjectFactory(place=place, monthly_reaudit=False, name="Pas suivie")
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        AuditFactory(subject=stale)
    AuditFactory(subject=fresh)

    with django_capture_on_commit_callbacks(execute=True):
        count = services.monthly_reaudits()

    assert count == 1
    assert stale.audits.count() == 2
    assert fresh.audits.count() == 1
    assert len(executed) == 1
