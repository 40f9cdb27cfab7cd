import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from relais.projects import services
from relais.projects.models import (
    ContributorProfile,
    CoordinationActivity,
    DocumentationStep,
    ProjectMember,
    Skill,
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_step_create_with_photo_and_publish(mediator_client, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("projects:step-create", args=[project.pk])
    response = mediator_client.post(
        url, {"title": "Découper", "text": "Au laser.", "photo": SimpleUploadedFile("a.png", _png())}
    )
    assert response.status_code == 200 and "Décrivez la photo" in response.content.decode()
    assert DocumentationStep.objects.count() == 0
    fake = SimpleUploadedFile("a.png", b"<html>")
    response = mediator_client.post(
        url, {"title": "Découper", "text": "Au laser.", "photo": fake, "photo_alt": "x"}
    )
    assert response.status_code == 200 and DocumentationStep.objects.count() == 0
    response = mediator_client.post(
        url,
        {
            "title": "Découper",
            "text": "Au laser.",
            "photo": SimpleUploadedFile("a.txt", b"x"),
            "photo_alt": "x",
        },
    )
    assert response.status_code == 200 and DocumentationStep.objects.count() == 0
    response = mediator_client.post(url, {"title": "Découper", "text": "Au laser."})
    assert response.status_code == 303
    response = mediator_client.post(reverse("projects:project-publish", args=[project.pk]), {"publish": "1"})
    project.refresh_from_db()
    assert project.is_published


def test_documentation_forbidden_to_volunteer_outside_team(volunteer_client, project):
    url = reverse("projects:project-documentation", args=[project.pk])
    assert volunteer_client.get(url).status_code == 200
    assert volunteer_client.post(url, {"licence": "CC0-1.0"}).status_code == 403


def test_team_member_add_and_remove(mediator_client, project, partner):
    url = reverse("projects:project-team", args=[project.pk])
    response = mediator_client.post(url, {"partner": partner.pk, "role": "fabrication"})
    assert response.status_code == 303
    member = ProjectMember.objects.get(partner=partner)
    mediator_client.post(reverse("projects:member-remove", args=[project.pk, member.pk]))
    assert not ProjectMember.objects.filter(partner=partner).exists()


def test_contributor_profile_saves_consent(volunteer_client, volunteer, skill):
    url = reverse("projects:contributor-profile")
    data = {
        "skills": [skill.pk],
        "commune": "Reims",
        "insee_code": "51454",
        "availability": "limited",
        "is_listed": "on",
    }
    response = volunteer_client.post(url, data)
    assert response.status_code == 303
    profile = ContributorProfile.objects.get(user=volunteer)
    assert profile.is_listed and not profile.accepts_contact
    response = volunteer_client.post(url, {**data, "insee_code": "123"})
    assert response.status_code == 200 and 'value="123"' in response.content.decode()


def test_activity_log_records_time_and_totals(mediator_client, mediator, place, project, partner):
    url = reverse("projects:activity-list")
    data = {
        "place": place.pk,
        "kind": "partenariat",
        "date": "2026-11-20",
        "duration_minutes": "90",
        "project": project.pk,
        "partners": [partner.pk],
    }
    assert mediator_client.post(url, data).status_code == 303
    activity = CoordinationActivity.objects.get()
    assert activity.user == mediator and list(activity.partners.all()) == [partner]
    assert activity.date == date(2026, 11, 20)
    response = mediator_client.post(url, {**data, "duration_minutes": "0"})
    assert response.status_code == 200 and CoordinationActivity.objects.count() == 1
    assert "90" in mediator_client.get(url).content.decode()
    export = mediator_client.get(reverse("projects:activity-export"), {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv") and "partenariat" in export.content.decode(
        "utf-8-sig"
    )
    minutes = services.coordination_minutes_by_kind(places=[place])
    assert minutes == {"animation": 0, "evenement": 0, "partenariat": 90}


def test_activity_log_forbidden_to_volunteer(volunteer_client):
    assert volunteer_client.get(reverse("projects:activity-list")).status_code == 403


def test_skill_list_add_and_rename(mediator_client, skill):
    url = reverse("projects:skill-list")
    assert mediator_client.post(url, {"name": "Soudure"}).status_code == 303
    response = mediator_client.post(url, {"name": "soudure"})
    assert response.status_code == 200 and Skill.objects.filter(name__iexact="soudure").count() == 1
    edit = reverse("projects:skill-update", args=[skill.pk])
    assert mediator_client.post(edit, {"name": "Impression 3D FDM"}).status_code == 303
    skill.refresh_from_db()
    assert skill.name == "Impression 3D FDM"


def test_coordinator_sees_network_projects_but_cannot_edit(coordinator_client, project):
    assert coordinator_client.get(reverse("projects:project-detail", args=[project.pk])).status_code == 200
    response = coordinator_client.post(reverse("projects:project-brief", args=[project.pk]), {"goals": "x"})
    assert response.status_code == 403


def test_home_panel_lists_my_projects(mediator_client, project):
    assert "Bancs du quartier" in mediator_client.get(reverse("core:home")).content.decode()


def test_invite_person_from_matches(
    mediator_client, project, volunteer, skill, mailoutbox, django_capture_on_commit_callbacks
):
    profile = ContributorProfile.objects.create(user=volunteer, is_listed=True, accepts_contact=True)
    profile.skills.set([skill])
    page = mediator_client.get(reverse("projects:project-matches", args=[project.pk])).content.decode()
    url = reverse("projects:invitation-create", args=[project.pk, "personne", volunteer.pk])
    assert url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = mediator_client.post(url, {"role": "design"})
    assert response.status_code == 303
    assert mailoutbox[0].to == [volunteer.email]
    assert services.invitation_for_token("nope") is None
