import json

import pytest
from django.urls import reverse

from relais.core.models import Journal
from relais.mediation.models import Beneficiary
from relais.mediation.tests.factories import ActivityFactory, BeneficiaryFactory

LIST_URL = reverse("mediation:beneficiary-list")
CREATE_URL = reverse("mediation:beneficiary-create")


@pytest.fixture(autouse=True)
def _today(frozen_today):
    return frozen_today


@pytest.mark.django_db
def test_list_redirects_anonymous(client):
    assert client.get(LIST_URL).status_code == 302


def test_coordinator_never_sees_files(coordinator_client, place):
    person = BeneficiaryFactory(place=place)
    assert coordinator_client.get(LIST_URL).status_code == 403
    assert coordinator_client.get(person.get_absolute_url()).status_code == 403


def test_list_searches_own_place_only(mediator_client, place, other_place, django_assert_max_num_queries):
    BeneficiaryFactory(place=place, first_name="Jeanne", last_name="Durand", search_text="jeanne durand")
    BeneficiaryFactory(place=place, first_name="Paul", last_name="Roux", search_text="paul roux")
    BeneficiaryFactory(place=other_place, first_name="Jeanne", last_name="Loin", search_text="jeanne loin")
    with django_assert_max_num_queries(12):
        response = mediator_client.get(LIST_URL, {"q": "jeanne"})
    assert "Durand" in response.text
    assert "Roux" not in response.text
    assert "Loin" not in response.text


def test_list_htmx_fragment(client_for, mediator, place):
    BeneficiaryFactory(place=place)
    response = client_for(mediator, HTTP_HX_REQUEST="true").get(LIST_URL)
    assert 'id="beneficiary-rows"' in response.text and "<html" not in response.text


def test_detail_of_other_place_is_404(mediator_client, other_place):
    person = BeneficiaryFactory(place=other_place)
    assert mediator_client.get(person.get_absolute_url()).status_code == 404


def test_detail_shows_timeline_and_autonomy(mediator_client, mediator, place):
    person = BeneficiaryFactory(place=place, first_name="Zoé")
    ActivityFactory(place=place, beneficiary=person, autonomy="entierement_accompagne", author=mediator)
    ActivityFactory(place=place, beneficiary=person, autonomy="autonome", author=mediator)
    response = mediator_client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Zoé" in response.text
    assert "<svg" in response.text
    assert "3/3" in response.text


def test_create_valid(mediator_client, place):
    response = mediator_client.post(
        CREATE_URL,
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "birth_year": "1980",
            "sex": "feminin",
            "social_status": "en_emploi",
            "age_bracket": "non_communique",
        },
    )
    person = Beneficiary.objects.get()
    assert response.status_code == 303
    assert person.place == place
    assert person.age_bracket == "quarante_cinquante_neuf"


def test_create_warns_on_duplicate_then_allows(mediator_client, place):
    BeneficiaryFactory(place=place, first_name="Léa", last_name="Martin", birth_year=1980)
    data = {
        "first_name": "Léa",
        "last_name": "Martin",
        "birth_year": "1980",
        "sex": "feminin",
        "social_status": "non_communique",
        "age_bracket": "non_communique",
    }
    response = mediator_client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert "allow_duplicate" in response.text
    assert Beneficiary.objects.count() == 1
    response = mediator_client.post(CREATE_URL, data | {"allow_duplicate": "1"})
    assert response.status_code == 303
    assert Beneficiary.objects.count() == 2


def test_create_invalid_keeps_values(mediator_client):
    response = mediator_client.post(
        CREATE_URL,
        {
            "first_name": "Typed",
            "birth_year": "3000",
            "sex": "feminin",
            "social_status": "non_communique",
            "age_bracket": "non_communique",
        },
    )
    assert response.status_code == 200
    assert 'value="Typed"' in response.text
    assert not Beneficiary.objects.exists()


def test_update(mediator_client, place):
    person = BeneficiaryFactory(place=place)
    url = reverse("mediation:beneficiary-update", args=[person.pk])
    response = mediator_client.post(
        url,
        {
            "first_name": "Nouveau",
            "sex": "masculin",
            "social_status": "retraite",
            "age_bracket": "non_communique",
        },
    )
    assert response.status_code == 303
    person.refresh_from_db()
    assert person.first_name == "Nouveau"
    assert Journal.objects.filter(action="beneficiary.update").exists()


def test_merge(mediator_client, place):
    keep = BeneficiaryFactory(place=place)
    other = BeneficiaryFactory(place=place)
    ActivityFactory(place=place, beneficiary=other)
    url = reverse("mediation:beneficiary-merge", args=[keep.pk])
    response = mediator_client.post(url, {"source": str(other.pk)})
    assert response.status_code == 303
    assert keep.activities.count() == 1


def test_erase(mediator_client, place):
    person = BeneficiaryFactory(place=place, first_name="Effacer")
    url = reverse("mediation:beneficiary-erase", args=[person.pk])
    response = mediator_client.post(url)
    assert response.status_code == 303
    person.refresh_from_db()
    assert person.first_name == "" and person.is_anonymised


def test_export_json_journalled(mediator_client, place):
    person = BeneficiaryFactory(place=place, first_name="Export")
    ActivityFactory(place=place, beneficiary=person)
    response = mediator_client.get(reverse("mediation:beneficiary-export-json", args=[person.pk]))
    data = json.loads(response.content)
    assert data["beneficiary"]["first_name"] == "Export"
    assert len(data["activities"]) == 1
    assert Journal.objects.filter(action="beneficiary.export").exists()


def test_export_pdf(mediator_client, place):
    person = BeneficiaryFactory(place=place)
    response = mediator_client.get(reverse("mediation:beneficiary-export-pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_information_notice(mediator_client, place, settings):
    settings.BENEFICIARY_RETENTION_MONTHS = 18
    response = mediator_client.get(reverse("mediation:notice", args=[place.slug]))
    assert response.status_code == 200
    assert place.name in response.text
    assert "18" in response.text
