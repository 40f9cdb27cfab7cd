from datetime import date

import pytest
from django.urls import reverse

from relais.projects.models import BudgetLine, Milestone, Project
from relais.projects.tests.factories import ProjectFactory


def test_project_list_requires_login(client):
    response = client.get(reverse("projects:project-list"))
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]


def test_project_list_shows_own_places_only(
    mediator_client, project, other_project, django_assert_max_num_queries
):
    for index in range(5):
        ProjectFactory(place=project.place, owner=project.owner, title=f"Extra {index}")
    with django_assert_max_num_queries(12):
        response = mediator_client.get(reverse("projects:project-list"))
    assert "Bancs du quartier" in response.content.decode()
    assert "Projet secret B" not in response.content.decode()


def test_project_list_htmx_returns_fragment(htmx_client, project):
    response = htmx_client.get(reverse("projects:project-list"), {"statut": "idea"})
    body = response.content.decode()
    assert "<html" not in body and 'id="project-rows"' in body and "Bancs du quartier" in body


def test_project_detail_of_other_place_is_404(outsider_client, project):
    assert outsider_client.get(reverse("projects:project-detail", args=[project.pk])).status_code == 404


def test_project_detail_shows_brief_and_totals(mediator_client, project):
    response = mediator_client.get(reverse("projects:project-detail", args=[project.pk]))
    assert response.status_code == 200
    assert "Bancs du quartier" in response.content.decode()


def test_project_create_valid_post(mediator_client, place, skill):
    data = {
        "place": place.pk,
        "title": "Fresque",
        "summary": "Une fresque.",
        "status": "idea",
        "needed_skills": [skill.pk],
    }
    response = mediator_client.post(reverse("projects:project-create"), data)
    project = Project.objects.get(title="Fresque")
    assert response.status_code == 303 and response["Location"] == project.get_absolute_url()
    assert list(project.needed_skills.all()) == [skill]


def test_project_create_invalid_post_keeps_values(mediator_client, place):
    data = {
        "place": place.pk,
        "title": "Fresque",
        "summary": "",
        "status": "idea",
        "ends_on": "2027-01-01",
        "starts_on": "2027-02-01",
    }
    response = mediator_client.post(reverse("projects:project-create"), data)
    assert response.status_code == 200
    assert 'value="Fresque"' in response.content.decode()
    assert Project.objects.count() == 0


def test_project_create_forbidden_for_volunteer(volunteer_client):
    assert volunteer_client.get(reverse("projects:project-create")).status_code == 403


def test_budget_negative_amount_shows_error_and_writes_nothing(mediator_client, project):
    url = reverse("projects:project-budget", args=[project.pk])
    response = mediator_client.post(
        url, {"kind": "expense", "label": "Bois", "amount": "-50", "status": "planned"}
    )
    body = response.content.decode()
    assert (
        response.status_code == 200 and "les montants négatifs sont refusés" in body and 'value="-50"' in body
    )
    assert BudgetLine.objects.count() == 0


def test_budget_non_numeric_amount_shows_error(mediator_client, project):
    url = reverse("projects:project-budget", args=[project.pk])
    response = mediator_client.post(
        url, {"kind": "expense", "label": "Bois", "amount": "beaucoup", "status": "planned"}
    )
    assert "pas un montant" in response.content.decode()
    assert BudgetLine.objects.count() == 0


def test_budget_valid_line_redirects(mediator_client, project):
    url = reverse("projects:project-budget", args=[project.pk])
    response = mediator_client.post(
        url, {"kind": "funding", "label": "Ville", "amount": "1 500,00", "status": "requested"}
    )
    assert response.status_code == 303
    assert BudgetLine.objects.get().amount == 1500


def test_milestone_after_end_shows_error(mediator_client, project):
    project.ends_on = date(2027, 3, 1)
    project.save()
    url = reverse("projects:milestone-create", args=[project.pk])
    response = mediator_client.post(url, {"title": "Pose", "due_on": "2027-04-01"})
    assert response.status_code == 200 and "après la fin du projet" in response.content.decode()
    assert Milestone.objects.count() == 0


def test_project_pdf_is_a_pdf(mediator_client, project):
    response = mediator_client.get(reverse("projects:project-pdf", args=[project.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "name",
    [
        "project-brief",
        "project-canvas",
        "project-budget",
        "project-team",
        "project-matches",
        "project-documentation",
    ],
)
def test_project_pages_render(mediator_client, project, name):
    assert mediator_client.get(reverse(f"projects:{name}", args=[project.pk])).status_code == 200


def test_brief_valid_post_saves(mediator_client, project):
    response = mediator_client.post(
        reverse("projects:project-brief", args=[project.pk]), {"goals": "Six bancs."}
    )
    assert response.status_code == 303
    project.refresh_from_db()
    assert project.goals == "Six bancs."


def test_gallery_is_public_and_lists_published_only(client, project, other_project):
    other_project.is_published = True
    other_project.save()
    response = client.get(reverse("projects:gallery"))
    body = response.content.decode()
    assert "Projet secret B" in body and "Bancs du quartier" not in body
    assert client.get(reverse("projects:gallery-detail", args=[project.pk])).status_code == 404


def test_volunteer_sees_no_link_to_pages_reserved_to_editors(volunteer_client, mediator_client, project):
    brief_url = reverse("projects:project-brief", args=[project.pk])
    detail_url = reverse("projects:project-detail", args=[project.pk])

    assert brief_url not in volunteer_client.get(detail_url).content.decode()
    assert volunteer_client.get(brief_url).status_code == 403
    assert brief_url in mediator_client.get(detail_url).content.decode()


def test_coordination_time_link_only_for_those_who_can_log_it(volunteer_client, mediator_client, project):
    activity_url = reverse("projects:activity-list")

    assert activity_url not in volunteer_client.get(reverse("projects:project-list")).content.decode()
    assert activity_url in mediator_client.get(reverse("projects:project-list")).content.decode()
