from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.presence.models import Audit, AuditBatch, Objective, Subject
from relais.presence.tests.factories import AuditFactory, SubjectFactory


@pytest.fixture
def subject(place):
    return SubjectFactory(place=place, name="Association Les Connectés")


@pytest.fixture
def audit(subject):
    audit = AuditFactory(subject=subject)
    Subject.objects.filter(pk=subject.pk).update(latest_audit=audit)
    return audit


@pytest.fixture
def foreign_subject(other_place):
    return SubjectFactory(place=other_place, name="Structure d'ailleurs")


@pytest.fixture
def territory(place, subject):
    territory = SubjectFactory(place=place, territory=True, name="Grand Reims")
    territory.members.add(subject)
    return territory


def test_subject_list_needs_login(client):
    response = client.get(reverse("presence:subject-list"))

    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_subject_list_shows_own_subjects_only(
    mediator_client, subject, audit, foreign_subject, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = mediator_client.get(reverse("presence:subject-list"))

    assert response.status_code == 200
    assert "Association Les Connectés" in response.text
    assert "presence-grade--c" in response.text
    assert "Structure d&#x27;ailleurs" not in response.text


def test_subject_list_htmx_returns_the_fragment(htmx_client, subject):
    response = htmx_client.get(reverse("presence:subject-list"), {"type": "organisation"})

    assert "<html" not in response.text
    assert 'id="subject-results"' in response.text


def test_subject_detail_of_another_place_is_not_found(outsider_client, subject):
    assert outsider_client.get(reverse("presence:subject-detail", args=[subject.pk])).status_code == 404


def test_volunteer_is_refused_in_own_place(volunteer_client, subject):
    assert volunteer_client.get(reverse("presence:subject-detail", args=[subject.pk])).status_code == 403


def test_subject_detail_shows_history_and_objectives(mediator_client, audit):
    Objective.objects.create(
        subject=audit.subject,
        title="Atteindre B",
        indicator_kind="total",
        indicator="total",
        baseline=62,
        target=70,
        due_on=timezone.localdate() + timedelta(days=30),
    )

    response = mediator_client.get(reverse("presence:subject-detail", args=[audit.subject.pk]))

    assert response.status_code == 200
    assert "<polyline" in response.text
    assert "Atteindre B" in response.text


def test_subject_create_saves_and_redirects(mediator_client, place):
    response = mediator_client.post(
        reverse("presence:subject-create"),
        {
            "place": place.pk,
            "name": "Médiathèque",
            "website": "mediatheque.fr",
            "social_links": "https://x.com/m",
        },
    )

    subject = Subject.objects.get(name="Médiathèque")
    assert response.status_code == 303
    assert subject.website == "https://mediatheque.fr"
    assert subject.social_links == ["https://x.com/m"]


def test_subject_create_invalid_shows_errors_and_writes_nothing(mediator_client, place):
    response = mediator_client.post(
        reverse("presence:subject-create"), {"place": place.pk, "name": "Médiathèque", "siret": "123"}
    )

    assert response.status_code == 200
    assert "14" in response.text
    assert 'value="Médiathèque"' in response.text
    assert not Subject.objects.exists()


def test_territory_create_with_members(mediator_client, place, subject):
    response = mediator_client.post(
        reverse("presence:subject-create") + "?type=territory",
        {"place": place.pk, "name": "Grand Reims", "members": [subject.pk], "insee_codes": "51454"},
    )

    territory = Subject.objects.territories().get()
    assert response.status_code == 303
    assert list(territory.members.all()) == [subject]


def test_territory_import_reports_row_errors(mediator_client, territory):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", b"nom;siret\nBonne;\nMauvaise;12\n")

    response = mediator_client.post(
        reverse("presence:territory-import", args=[territory.pk]), {"file": upload}
    )

    assert response.status_code == 200
    assert "Line 3" in response.text or "Ligne 3" in response.text
    assert territory.members.count() == 1


def test_audit_start_queues_an_audit(mediator_client, subject, monkeypatch):
    from relais.presence import services

    monkeypatch.setattr(services, "audit_execute", lambda *, audit_id: None)

    response = mediator_client.post(reverse("presence:audit-start", args=[subject.pk]), {"pages": 3})

    audit = Audit.objects.get()
    assert response.status_code == 303
    assert response["Location"] == audit.get_absolute_url()
    assert audit.pages == 3


def test_audit_start_with_invalid_pages_writes_nothing(mediator_client, subject):
    response = mediator_client.post(reverse("presence:audit-start", args=[subject.pk]), {"pages": 99})

    assert response.status_code == 303
    assert not Audit.objects.exists()


def test_audit_detail_puts_quick_wins_first(mediator_client, audit):
    response = mediator_client.get(reverse("presence:audit-detail", args=[audit.pk]))

    assert response.status_code == 200
    assert response.text.index("Allongez le titre") < response.text.index("HTTPS ok")
    assert "hx-trigger" not in response.text


def test_running_audit_polls_and_htmx_gets_the_fragment(htmx_client, subject):
    audit = AuditFactory(subject=subject, status=Audit.Status.RUNNING, score=None, grade="", checks=[])

    response = htmx_client.get(reverse("presence:audit-detail", args=[audit.pk]))

    assert "<html" not in response.text
    assert 'hx-trigger="every 2s"' in response.text


def test_audit_of_another_place_is_not_found(outsider_client, audit):
    assert outsider_client.get(reverse("presence:audit-detail", args=[audit.pk])).status_code == 404


def test_audit_pdf_is_a_pdf(mediator_client, audit):
    response = mediator_client.get(reverse("presence:audit-pdf", args=[audit.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_territory_page_and_pdf(mediator_client, territory, audit):
    page = mediator_client.get(reverse("presence:subject-detail", args=[territory.pk]))
    pdf = mediator_client.get(reverse("presence:territory-pdf", args=[territory.pk]))

    assert "Association Les Connectés" in page.text
    assert "Titre de la page" in page.text
    assert pdf.content.startswith(b"%PDF")


def test_batch_progress_and_cancel(mediator_client, htmx_client, territory):
    batch = AuditBatch.objects.create(territory=territory, total=2, done=1, status=AuditBatch.Status.RUNNING)

    fragment = htmx_client.get(reverse("presence:batch-progress", args=[batch.pk]))
    response = mediator_client.post(reverse("presence:batch-cancel", args=[batch.pk]))

    assert "<html" not in fragment.text
    assert "50 %" in fragment.text
    assert 'hx-trigger="every 2s"' in fragment.text
    assert response.status_code == 303
    batch.refresh_from_db()
    assert batch.cancel_requested_at is not None


def test_batch_of_another_place_is_not_found(outsider_client, territory):
    batch = AuditBatch.objects.create(territory=territory, total=1)

    assert outsider_client.get(reverse("presence:batch-progress", args=[batch.pk])).status_code == 404


def test_objective_create_from_a_recommended_action(mediator_client, audit):
    url = reverse("presence:objective-create", args=[audit.pk])
    form = mediator_client.get(url, {"controle": "title"})

    response = mediator_client.post(
        url,
        {
            "title": "Allonger le titre",
            "indicator": "check:title",
            "target": 100,
            "due_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )

    assert "Allongez le titre" in form.text
    assert response.status_code == 303
    assert Objective.objects.get().baseline == 50


def test_objective_create_invalid_keeps_values(mediator_client, audit):
    response = mediator_client.post(
        reverse("presence:objective-create", args=[audit.pk]),
        {"title": "Passé", "indicator": "check:title", "target": 100, "due_on": "2000-01-01"},
    )

    assert response.status_code == 200
    assert 'value="Passé"' in response.text
    assert not Objective.objects.exists()


def test_robot_page_is_public(client):
    response = client.get(reverse("presence:robot"))

    assert response.status_code == 200
    assert "RelaisPresenceAudit" in response.text


def test_home_panel_lists_objectives_due_soon(mediator_client, audit, outsider_client):
    Objective.objects.create(
        subject=audit.subject,
        title="Publier le plan du site",
        indicator_kind="check",
        indicator="title",
        baseline=50,
        target=100,
        due_on=timezone.localdate() + timedelta(days=10),
    )

    assert "Publier le plan du site" in mediator_client.get(reverse("core:home")).text
    assert "Publier le plan du site" not in outsider_client.get(reverse("core:home")).text


def test_territory_page_queries_do_not_grow_with_members(
    mediator_client, territory, django_assert_max_num_queries
):
    for index in range(15):
        member = SubjectFactory(place=territory.place, name=f"Membre {index}")
        audit = AuditFactory(subject=member)
        Subject.objects.filter(pk=member.pk).update(latest_audit=audit)
        territory.members.add(member)

    with django_assert_max_num_queries(15):
        response = mediator_client.get(reverse("presence:subject-detail", args=[territory.pk]))

    assert "Membre 14" in response.text
