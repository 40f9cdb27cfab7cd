import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from relais.knowledge.models import Article, Contribution
from relais.knowledge.services import contributions as services
from relais.knowledge.services.contributions import TableInvalid
from relais.knowledge.tests.factories import ContributionFactory

WIFI = "nom,debit,date\nMairie,20,2024-01-01\nGare,30,2024-02-01\n"


def _submit(place, **extra):
    values = {
        "kind": "text",
        "place": place,
        "title": "Astuce",
        "body": "Ctrl et +",
        "licence": "CC-BY-4.0",
        "contact_name": "Nour",
        "contact_email": "Nour@Example.org",
        "origin_hash": "h1",
    }
    values.update(extra)
    return services.contribution_submit(**values)


@pytest.mark.django_db
def test_anonymous_contribution_waits_for_email_confirmation(
    place, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contribution = _submit(place)

    assert contribution.status == Contribution.Status.PENDING_CONFIRMATION
    assert contribution.contact_email == "nour@example.org"
    assert len(mailoutbox) == 1
    assert contribution.token in mailoutbox[0].body

    services.contribution_confirm(contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING
    assert contribution.email_confirmed_at is not None


@pytest.mark.django_db
def test_contribution_from_matching_account_skips_confirmation(place, volunteer, mailoutbox):
    contribution = _submit(place, user=volunteer, contact_email=volunteer.email)
    assert contribution.status == Contribution.Status.PENDING
    assert mailoutbox == []


@pytest.mark.django_db
def test_contributions_are_rate_limited(place, settings):
    settings.KNOWLEDGE_CONTRIBUTIONS_PER_HOUR = 2
    _submit(place)
    _submit(place)
    with pytest.raises(ValidationError):
        _submit(place)
    assert Contribution.objects.count() == 2


@pytest.mark.django_db
def test_dataset_with_wrong_types_is_refused_with_report(place):
    schema = json.dumps(
        {
            "fields": [
                {"name": "nom", "type": "string"},
                {"name": "debit", "type": "integer"},
                {"name": "date", "type": "date"},
            ]
        }
    )
    upload = SimpleUploadedFile("wifi.csv", (WIFI + "Parc,rapide,2024-13-01\n").encode())

    with pytest.raises(TableInvalid) as error:
        _submit(place, kind="dataset", upload=upload, schema_text=schema, licence="ODbL-1.0")

    rows = {(problem["row"], problem["field"]) for problem in error.value.problems}
    assert rows == {(4, "debit"), (4, "date")}
    assert "rapide" in error.value.problems[0]["message"]
    assert Contribution.objects.count() == 0


@pytest.mark.django_db
def test_dataset_without_schema_gets_an_inferred_one(place):
    upload = SimpleUploadedFile("wifi.csv", WIFI.encode())
    contribution = _submit(place, kind="dataset", upload=upload, licence="ODbL-1.0")
    assert contribution.schema_inferred is True
    assert [field["name"] for field in contribution.table_schema["fields"]] == ["nom", "debit", "date"]


@pytest.mark.django_db
def test_dataset_with_invalid_schema_is_refused(place):
    upload = SimpleUploadedFile("wifi.csv", WIFI.encode())
    with pytest.raises(ValidationError) as error:
        _submit(place, kind="dataset", upload=upload, schema_text="{pas du json")
    assert "schema" in error.value.message_dict


@pytest.mark.django_db
def test_photo_that_is_not_an_image_is_refused(place):
    with pytest.raises(ValidationError):
        _submit(place, kind="photo", upload=SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo"))
    assert Contribution.objects.count() == 0


@pytest.mark.django_db
def test_publish_text_creates_public_article_and_tells_contributor(
    place, mediator, mailoutbox, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(place=place)

    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_decide(contribution=contribution, moderator=mediator, action="publish")

    article = Article.objects.get()
    assert article.is_public and article.credit == "Nour"
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PUBLISHED
    assert contribution.published_url == article.get_absolute_url()
    assert mailoutbox[0].to == ["nour@example.org"]


@pytest.mark.django_db
def test_reject_needs_a_reason_the_contributor_reads(
    place, mediator, mailoutbox, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(place=place)
    with pytest.raises(ValidationError):
        services.contribution_decide(
            contribution=contribution, moderator=mediator, action="reject", message=" "
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_decide(
            contribution=contribution, moderator=mediator, action="reject", message="Hors sujet pour ce lieu."
        )
    assert "Hors sujet pour ce lieu." in mailoutbox[0].body
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_request_changes_then_revise_goes_back_to_queue(place, mediator):
    contribution = ContributionFactory(place=place)
    services.contribution_decide(
        contribution=contribution, moderator=mediator, action="request_changes", message="Ajoutez un exemple."
    )
    contribution.refresh_from_db()

    services.contribution_revise(
        contribution=contribution, title="Astuce complétée", body="Exemple : Ctrl et +"
    )

    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING
    assert contribution.title == "Astuce complétée"


@pytest.mark.django_db
def test_bulk_decide_is_all_or_nothing(place, mediator):
    first, second = ContributionFactory(place=place), ContributionFactory(place=place)
    Contribution.objects.filter(pk=second.pk).update(status=Contribution.Status.REJECTED)

    with pytest.raises(ValidationError):
        services.contribution_bulk_decide(
            contributions=[first, Contribution.objects.get(pk=second.pk)],
            moderator=mediator,
            action="publish",
        )

    first.refresh_from_db()
    assert first.status == Contribution.Status.PENDING
    assert Article.objects.count() == 0
