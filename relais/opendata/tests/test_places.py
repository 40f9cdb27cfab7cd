import csv
import io
import json

import pytest
from django.urls import reverse

from relais.core.models import Journal
from relais.opendata import services
from relais.opendata.models import Dataset


def _csv_rows(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


@pytest.mark.django_db
def test_publish_places_writes_valid_csv_and_json_in_national_schema(client, place, other_place):
    other_place.is_visible = False
    other_place.save()

    assert services.publish_places() is True

    rows = _csv_rows(client.get("/donnees/lieux.csv"))
    assert [row["nom"] for row in rows] == ["Lieu A"]
    assert rows[0]["id"] == place.schema_id
    assert rows[0]["code_postal"] == "51100"
    records = json.loads(b"".join(client.get("/donnees/lieux.json").streaming_content))
    assert records[0]["pivot"] == place.pivot
    dataset = Dataset.objects.get(builtin_key="places")
    assert dataset.is_published and dataset.last_validation_ok is True
    assert services.places_problems(dataset.resources.get(format="csv").file.read()) == []


@pytest.mark.django_db
def test_publish_places_blocked_when_validation_fails_and_previous_file_kept(client, place, admin_client):
    services.publish_places()
    # A value outside the schema's closed list (written without the model validation) must block publication.
    type(place).objects.filter(pk=place.pk).update(services=["Service inventé"], name="Lieu renommé")

    assert services.publish_places() is False

    dataset = Dataset.objects.get(builtin_key="places")
    assert dataset.last_validation_ok is False
    assert any(problem["field"] == "services" for problem in dataset.last_report)
    assert [row["nom"] for row in _csv_rows(client.get("/donnees/lieux.csv"))] == ["Lieu A"]
    assert Journal.objects.filter(action="dataset.validation_failed").exists()
    page = admin_client.get(reverse("opendata:dataset-detail", args=[dataset.slug]))
    assert "Service inventé" in page.content.decode()
    assert "services" in page.content.decode()


@pytest.mark.django_db
def test_places_csv_is_404_before_first_publication(client, place):
    assert client.get("/donnees/lieux.csv").status_code == 404


@pytest.mark.django_db
def test_places_problems_reports_semicolon_separator(place):
    content = (
        "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,typologie,"
        "telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,itinerance,"
        "structure_parente,date_maj,services,publics_specifiquement_adresses,prise_en_charge_specifique,"
        "frais_a_charge,dispositif_programmes_nationaux,formations_labels,autres_formations_labels,"
        "modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv\n"
        "1,21510454800023,Lieu,Reims,51100,,1 rue,,,,,,,,,,,,,,2024-01-01,"
        '"Aide aux démarches administratives;Loisirs et créations numériques",,,,,,,,,,\n'
    ).encode()
    problems = services.places_problems(content)
    assert problems and problems[0]["field"] == "services"
