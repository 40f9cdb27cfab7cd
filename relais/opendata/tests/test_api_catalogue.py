import json

import pytest
from django.urls import reverse

from relais.opendata import services
from relais.opendata.models import Dataset


@pytest.mark.django_db
def test_api_datasets_lists_published_with_resources(api_client_for, mediator, place):
    services.publish_places()
    Dataset.objects.create(slug="brouillon", title="Pas publié")

    response = api_client_for(mediator).get("/api/v1/datasets")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    resources = {(r["name"], r["format"]) for r in data["results"][0]["resources"]}
    assert resources == {("lieux", "csv"), ("lieux", "json")}
    assert data["results"][0]["datapackage_url"].endswith("/datapackage.json")
    assert api_client_for(mediator).get("/api/v1/datasets/brouillon").status_code == 404


@pytest.mark.django_db
def test_datapackage_declares_schema_and_hash(client, place):
    services.publish_places()
    dataset = Dataset.objects.get(builtin_key="places")

    package = client.get(reverse("opendata:dataset-datapackage", args=[dataset.slug])).json()

    csv_resource = next(r for r in package["resources"] if r["format"] == "csv")
    assert csv_resource["profile"] == "tabular-data-resource"
    assert csv_resource["schema"]["fields"][0]["name"] == "id"
    assert csv_resource["hash"].startswith("sha256:")
    assert package["licenses"][0]["name"] == "etalab-2.0"


@pytest.mark.django_db
def test_dcat_catalogue_has_fields_data_gouv_harvests(client, place):
    services.publish_places()

    response = client.get("/donnees/catalogue.jsonld")

    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    dataset = catalogue["dcat:dataset"][0]
    for key in (
        "dct:title",
        "dct:description",
        "dct:license",
        "dct:accrualPeriodicity",
        "dct:identifier",
        "dcat:landingPage",
        "dct:modified",
        "dcat:distribution",
    ):
        assert key in dataset
    distribution = dataset["dcat:distribution"][0]
    assert distribution["dcat:downloadURL"]["@id"].startswith("http")
    assert "dct:conformsTo" in distribution


@pytest.mark.django_db
def test_catalogue_page_lists_published_datasets(client, place, django_assert_max_num_queries):
    services.regenerate_builtin_datasets()
    with django_assert_max_num_queries(8):
        response = client.get("/donnees/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lieux de médiation numérique" in content or "Digital-mediation places" in content


@pytest.mark.django_db
def test_publish_datasets_command_is_idempotent(place, capsys):
    from django.core.management import call_command

    call_command("publish_datasets")
    call_command("publish_datasets")

    assert "places: published" in capsys.readouterr().out
    assert Dataset.objects.filter(builtin_key__isnull=False).count() == 4
    assert Dataset.objects.get(builtin_key="places").resources.count() == 2
