from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from relais.projects import events
from relais.projects.models import EventOutput, ProjectEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def link(project, mediator):
    start = timezone.now() + timedelta(days=2)
    return events.project_event_create(
        actor=mediator,
        project=project,
        format="co_design",
        title="Atelier de co-conception",
        description="Dessiner les bancs.",
        start_at=start,
        end_at=start + timedelta(hours=2),
        capacity=12,
    )


def test_project_event_create_makes_programme_event_with_session(link, project):
    assert link.event.place == project.place
    assert link.event.title == "Atelier de co-conception"
    assert link.event.sessions.count() == 1
    assert ProjectEvent.objects.filter(project=project).count() == 1


def test_output_refused_before_event(link, mediator):
    with pytest.raises(ValidationError):
        events.output_create(actor=mediator, link=link, kind="minutes", title="CR", text="Texte")
    assert EventOutput.objects.count() == 0


def test_outputs_and_digest_after_event(link, mediator, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        with pytest.raises(ValidationError):
            events.output_create(actor=mediator, link=link, kind="minutes", title="CR", text=" ")
        with pytest.raises(ValidationError):
            events.output_create(
                actor=mediator,
                link=link,
                kind="photo",
                title="Photo",
                file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            )
        events.output_create(
            actor=mediator, link=link, kind="decision", title="Dimensions", text="120 × 45 cm"
        )
        events.output_create(
            actor=mediator, link=link, kind="photo", title="Tableau", file=SimpleUploadedFile("t.png", PNG)
        )
        with django_capture_on_commit_callbacks(execute=True):
            events.digest_send(actor=mediator, link=link)
    assert EventOutput.objects.count() == 2
    assert [m.to for m in mailoutbox] == [[mediator.email]]
    assert "120 × 45 cm" in mailoutbox[0].body and "Dimensions" in mailoutbox[0].subject + mailoutbox[0].body


def test_output_upload_rejects_disguised_file(link, mediator):
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        with pytest.raises(ValidationError):
            events.output_create(
                actor=mediator,
                link=link,
                kind="file",
                title="Faux",
                file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00"),
            )
        with pytest.raises(ValidationError):
            events.output_create(
                actor=mediator, link=link, kind="file", title="Exe", file=SimpleUploadedFile("x.exe", b"MZ")
            )
    assert EventOutput.objects.count() == 0


def test_digest_refused_without_outputs(link, mediator):
    with pytest.raises(ValidationError):
        events.digest_send(actor=mediator, link=link)


def test_event_create_view(mediator_client, project):
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    data = {
        "format": "hackathon",
        "title": "Hackathon capteurs",
        "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = mediator_client.post(reverse("projects:project-event-create", args=[project.pk]), data)
    assert response.status_code == 303
    link = ProjectEvent.objects.get()
    assert link.format == "hackathon"
    detail = mediator_client.get(reverse("projects:project-event-detail", args=[project.pk, link.pk]))
    assert "Hackathon capteurs" in detail.content.decode()


def test_event_detail_other_place_404(outsider_client, link, project):
    url = reverse("projects:project-event-detail", args=[project.pk, link.pk])
    assert outsider_client.get(url).status_code == 404


def test_event_create_view_invalid_keeps_values(mediator_client, project):
    data = {
        "format": "meetup",
        "title": "Rencontre",
        "start_at": "2030-01-01T10:00",
        "end_at": "2030-01-01T09:00",
    }
    response = mediator_client.post(reverse("projects:project-event-create", args=[project.pk]), data)
    assert response.status_code == 200 and 'value="Rencontre"' in response.content.decode()
    assert ProjectEvent.objects.count() == 0


def test_digest_recipients_are_team_and_consenting_participants(link, mediator):
    from relais.programme.models import Registration

    session = link.event.sessions.get()
    Registration.objects.create(
        session=session, state="attended", name="Ana", email="ana@example.org", consent=True
    )
    Registration.objects.create(
        session=session, state="attended", name="Bo", email="bo@example.org", consent=False
    )
    Registration.objects.create(
        session=session,
        state="confirmed",
        name="Cy",
        email="cy@example.org",
        consent=True,
        messages_opt_out=True,
    )
    Registration.objects.create(
        session=session, state="cancelled_by_participant", name="Di", email="di@example.org", consent=True
    )
    assert events.digest_recipients(link) == sorted(["ana@example.org", mediator.email])


def test_link_existing_programme_event(mediator_client, project, mediator, other_place, outsider):
    from relais.programme import services as programme

    event = programme.event_create(
        place=project.place, title="Rencontre des makers", actor=mediator, kind="other"
    )
    foreign = programme.event_create(place=other_place, title="Ailleurs", actor=outsider, kind="other")
    page = mediator_client.get(reverse("projects:project-event-create", args=[project.pk])).content.decode()
    assert "Rencontre des makers" in page and "Ailleurs" not in page
    url = reverse("projects:project-event-link", args=[project.pk])
    response = mediator_client.post(url, {"lien-event": foreign.pk, "lien-format": "meetup"})
    assert response.status_code == 200 and ProjectEvent.objects.count() == 0
    response = mediator_client.post(url, {"lien-event": event.pk, "lien-format": "meetup"})
    assert response.status_code == 303
    assert ProjectEvent.objects.get().event == event


def test_output_upload_refuses_svg(link, mediator):
    svg = SimpleUploadedFile("plan.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        with pytest.raises(ValidationError):
            events.output_create(actor=mediator, link=link, kind="file", title="Plan", file=svg)
    assert EventOutput.objects.count() == 0
