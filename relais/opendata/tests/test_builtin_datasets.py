import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from relais.knowledge.models import Contribution
from relais.knowledge.services import contributions as contribution_services
from relais.knowledge.tests.factories import ArticleFactory
from relais.mediation.tests.factories import ActivityFactory, BeneficiaryFactory
from relais.mediation.vocabularies import ActivityKind
from relais.opendata import activity, services
from relais.opendata.models import Dataset


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.UTC))
def test_activity_cells_suppress_cells_under_five_people(place):
    day = datetime.date(2026, 11, 10)
    # Five different followed people on "email": published.
    for _ in range(5):
        ActivityFactory(place=place, date=day, themes=["email"], beneficiary=BeneficiaryFactory(place=place))
    # One person seen six times on "sante": six participations but one person, suppressed.
    person = BeneficiaryFactory(place=place)
    for _ in range(6):
        ActivityFactory(place=place, date=day, themes=["sante"], beneficiary=person)
    # A collective workshop of 4 anonymous people on "bureautique": suppressed.
    ActivityFactory(
        place=place, date=day, kind=ActivityKind.COLLECTIVE, themes=["bureautique"], participant_count=4
    )
    # The current month is not complete yet: not published.
    for _ in range(6):
        ActivityFactory(place=place, date=datetime.date(2026, 12, 1), themes=["email"])

    cells = activity.activity_cells()

    assert [(c["mois"], c["thematique"], c["personnes"], c["participations"]) for c in cells] == [
        ("2026-11", "email", 5, 5)
    ]
    assert cells[0]["lieu_id"] == place.schema_id


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 5, 12, tzinfo=datetime.UTC))
def test_publish_activity_writes_validated_csv(client, place):
    for _ in range(7):
        ActivityFactory(place=place, date=datetime.date(2026, 10, 3), themes=["email", "sante"])

    assert activity.publish_activity() is True

    dataset = Dataset.objects.get(builtin_key="activity")
    resource = dataset.resources.get()
    rows = list(csv.DictReader(io.StringIO(resource.file.read().decode())))
    assert {row["thematique"] for row in rows} == {"email", "sante"}
    assert dataset.temporal_start == datetime.date(2026, 10, 1)
    assert "5" in dataset.description


@pytest.mark.django_db
def test_publish_knowledge_lists_only_public_articles(place):
    ArticleFactory(place=place, title="Publique")
    ArticleFactory(place=place, title="Brouillon", draft=True)
    ArticleFactory(place=place, title="Masquée", is_hidden=True)

    services.publish_knowledge()

    resource = Dataset.objects.get(builtin_key="knowledge").resources.get()
    records = json.loads(resource.file.read())
    assert [record["titre"] for record in records] == ["Publique"]
    assert records[0]["fiche_pdf"].endswith("fiche.pdf")


@pytest.mark.django_db
def test_publish_programme_writes_json_and_ical(place):
    assert services.regenerate_dataset(dataset=services.builtin_dataset("programme")) is True
    formats = set(Dataset.objects.get(builtin_key="programme").resources.values_list("format", flat=True))
    assert formats == {"json", "ics"}


@pytest.mark.django_db
def test_contributed_dataset_published_after_moderation(place, mediator):
    upload = SimpleUploadedFile("wifi.csv", b"nom,debit\nMairie,20\nGare,30\n")
    contribution = contribution_services.contribution_submit(
        kind="dataset",
        place=place,
        title="Wi-Fi public",
        body="Inventaire",
        upload=upload,
        licence="ODbL-1.0",
        contact_name="Karim",
        contact_email="k@example.org",
        origin_hash="x",
    )
    contribution_services.contribution_confirm(contribution=contribution)

    contribution_services.contribution_decide(contribution=contribution, moderator=mediator, action="publish")

    dataset = Dataset.objects.get(origin=Dataset.Origin.CONTRIBUTED)
    assert dataset.is_published and dataset.licence == "ODbL-1.0"
    assert dataset.resources.get().table_schema["fields"][0]["name"] == "nom"
    contribution.refresh_from_db()
    assert contribution.published_url == dataset.get_absolute_url()


@pytest.mark.django_db
def test_contributed_dataset_with_closed_licence_is_not_published(place, mediator):
    upload = SimpleUploadedFile("wifi.csv", b"nom,debit\nMairie,20\n")
    contribution = contribution_services.contribution_submit(
        kind="dataset",
        place=place,
        title="Wi-Fi",
        upload=upload,
        licence="all-rights-reserved",
        contact_name="Karim",
        contact_email="k@example.org",
        origin_hash="y",
    )
    contribution_services.contribution_confirm(contribution=contribution)

    with pytest.raises(Exception, match="licence"):
        contribution_services.contribution_decide(
            contribution=contribution, moderator=mediator, action="publish"
        )

    assert Dataset.objects.count() == 0
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING


@pytest.mark.django_db
def test_regenerate_view_admin_only(admin_client, mediator_client, place):
    dataset = services.builtin_dataset("places")
    url = f"/donnees/{dataset.slug}/regenerer/"
    assert mediator_client.post(url).status_code == 403
    assert admin_client.post(url).status_code == 303
    dataset.refresh_from_db()
    assert dataset.is_published
