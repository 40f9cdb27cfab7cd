import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.fablab import incidents, maintenance
from relais.fablab.models import IncidentReport, MaintenanceOrder


def _url(machine, name="fablab:incident-report"):
    return reverse(name, args=[machine.place.slug, machine.slug])


def test_anyone_reports_a_problem_without_signing_in(client, machine):
    response = client.post(
        _url(machine), {"description": "La buse claque", "severity": "degraded", "contact": "a@exemple.fr"}
    )

    report = IncidentReport.objects.get()
    assert response.status_code == 303
    assert report.order.kind == "corrective" and report.order.machine == machine
    assert report.source_hash and "127.0.0.1" not in report.source_hash


def test_report_form_refuses_robots_and_bad_photos(client, machine):
    robot = client.post(_url(machine), {"description": "Spam", "severity": "down", "website": "http://spam"})
    photo = client.post(
        _url(machine),
        {
            "description": "Cassé",
            "severity": "down",
            "photo": SimpleUploadedFile("a.jpg", b"nope", "image/jpeg"),
        },
    )

    assert robot.status_code == photo.status_code == 200
    assert "Cassé" in photo.content.decode()
    assert not IncidentReport.objects.exists()


def test_flood_from_one_address_is_refused(client, machine):
    for _ in range(incidents.MAX_REPORTS_PER_HOUR):
        client.post(_url(machine), {"description": "Bruit", "severity": "not_sure"})

    response = client.post(_url(machine), {"description": "Encore", "severity": "not_sure"})

    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert IncidentReport.objects.count() == incidents.MAX_REPORTS_PER_HOUR


def test_reporter_is_told_when_fixed(machine, fabmanager, mailoutbox, django_capture_on_commit_callbacks):
    report = incidents.incident_report(
        machine=machine,
        address="10.0.0.1",
        description="Plateau voilé",
        severity="degraded",
        contact="a@exemple.fr",
    )

    with django_capture_on_commit_callbacks(execute=True):
        maintenance.order_close(order=report.order, actor=fabmanager, ticked=[], time_spent_minutes=30)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["a@exemple.fr"]


@pytest.mark.parametrize("persona", ["outsider", "volunteer"])
def test_label_sheet_is_for_managers(client_for, request, persona, machine):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("fablab:machine-labels", args=[machine.place.slug])
    )

    assert response.status_code in (403, 404)


def test_label_sheet_is_a_pdf(fabmanager_client, machine):
    response = fabmanager_client.get(reverse("fablab:machine-labels", args=[machine.place.slug]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert MaintenanceOrder.objects.count() == 0
