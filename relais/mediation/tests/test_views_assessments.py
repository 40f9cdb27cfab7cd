import pytest
from django.urls import reverse

from relais.mediation.models import Assessment, Tag
from relais.mediation.tests.factories import BeneficiaryFactory

CREATE_URL = reverse("mediation:assessment-create")


@pytest.mark.django_db
def test_assessment_anonymous_redirect(client):
    assert client.get(CREATE_URL).status_code == 302


def test_assessment_form_lists_sixteen_competences(mediator_client):
    response = mediator_client.get(CREATE_URL)
    assert response.status_code == 200
    assert response.text.count('class="mediation-competence"') == 16


def test_assessment_for_person_shows_profile_and_suggestions(mediator_client, place):
    person = BeneficiaryFactory(place=place)
    data = {
        "beneficiaire": person.pk,
        "c1.1_0": "yes",
        "c1.1_1": "yes",
        "c1.1_2": "with_help",
        "c4.1_0": "no",
    }
    response = mediator_client.post(CREATE_URL, data)
    assert response.status_code == 303
    assessment = Assessment.objects.get()
    assert assessment.levels == {"1.1": 5, "4.1": 0}
    page = mediator_client.get(response["Location"])
    assert "4.1 Sécuriser" in page.text
    assert "Information et données" in page.text


def test_assessment_empty_is_refused(mediator_client):
    response = mediator_client.post(CREATE_URL, {})
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_assessment_of_other_place_person_is_404(mediator_client, other_place):
    person = BeneficiaryFactory(place=other_place)
    assert mediator_client.get(CREATE_URL, {"beneficiaire": person.pk}).status_code == 404


def test_tag_creation(mediator_client, place, network):
    url = reverse("mediation:tag-list")
    response = mediator_client.post(url, {"name": "Pass numérique", "scope": f"network:{network.pk}"})
    assert response.status_code == 303
    assert Tag.objects.get().organisation == network
    response = mediator_client.post(url, {"name": "Pass numérique", "scope": f"network:{network.pk}"})
    assert response.status_code == 200
    assert Tag.objects.count() == 1


def test_home_panel(mediator_client):
    response = mediator_client.get(reverse("core:home"))
    assert reverse("mediation:activity-create") in response.text


def test_suggestions_list_programme_workshops_for_weak_competences(
    mediator_client, mediator, place, other_place
):
    from relais.mediation import services
    from relais.programme.models import Workshop

    Workshop.objects.create(place=place, title="Se protéger en ligne", competences=["4.1"])
    Workshop.objects.create(place=place, title="Tableur", competences=["1.3"])
    Workshop.objects.create(place=other_place, title="Ailleurs", competences=["4.1"])
    assessment = services.assessment_create(author=mediator, place=place, answers={"4.1": ["no"] * 4})
    page = mediator_client.get(assessment.get_absolute_url())
    assert "Se protéger en ligne" in page.text
    assert "Tableur" not in page.text
    assert "Ailleurs" not in page.text


def test_timeline_includes_programme_registrations(mediator_client, place, monkeypatch):
    import datetime

    from relais.programme import services as programme_services

    person = BeneficiaryFactory(place=place)

    def registrations(*, beneficiary):
        assert beneficiary == person
        return [
            {
                "date": datetime.date(2026, 10, 1),
                "title": "Atelier e-mail",
                "place": "Lieu A",
                "state": "confirmed",
                "state_label": "Confirmée",
                "url": "/programme/x/",
            }
        ]

    monkeypatch.setattr(programme_services, "registrations_for_beneficiary", registrations)
    page = mediator_client.get(person.get_absolute_url())
    assert "Atelier e-mail" in page.text
