import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from relais.core.models import Journal
from relais.knowledge.models import Article, Resource
from relais.knowledge.services import articles as services


def _create(place, mediator, **extra):
    values = {"title": "Créer un compte", "body": "Texte", "themes": ["email"], "competences": ["2.1"]}
    values.update(extra)
    return services.article_create(place=place, author=mediator, **values)


@pytest.mark.django_db
def test_article_create_keeps_first_version_and_journals(place, mediator):
    article = _create(place, mediator)

    assert article.slug == "creer-un-compte"
    assert article.versions.get().number == 1
    assert Journal.objects.filter(action="article.create", target_id=str(article.pk)).exists()


@pytest.mark.django_db
def test_article_create_refuses_unknown_theme(place, mediator):
    with pytest.raises(ValidationError):
        _create(place, mediator, themes=["inconnu"])
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_article_update_new_version_only_when_text_changes(place, mediator):
    article = _create(place, mediator)

    services.article_update(article=article, actor=mediator, level="avance")
    article = services.article_update(article=article, actor=mediator, body="Nouveau", note="Relu")

    assert article.version == 2
    assert list(article.versions.values_list("number", flat=True)) == [2, 1]
    assert article.versions.get(number=1).body == "Texte"


@pytest.mark.django_db
def test_article_publish_sets_published_at(place, mediator):
    article = _create(place, mediator)
    assert article.published_at is None
    article = services.article_update(article=article, actor=mediator, status="published")
    assert article.published_at is not None


@pytest.mark.django_db
def test_article_restore_version_adds_a_version(place, mediator):
    article = _create(place, mediator)
    article = services.article_update(article=article, actor=mediator, body="Deuxième")

    article = services.article_restore_version(
        article=article, version=article.versions.get(number=1), actor=mediator
    )

    assert article.body == "Texte"
    assert article.version == 3


@pytest.mark.django_db
def test_resource_create_refuses_lying_file_and_writes_nothing(place, mediator):
    upload = SimpleUploadedFile("fiche.pdf", b"GIF89a" + b"\x00" * 20)
    with pytest.raises(ValidationError):
        services.resource_create(place=place, author=mediator, upload=upload, title="Fiche")
    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_resource_create_stores_sniffed_type(place, mediator):
    resource = services.resource_create(
        place=place, author=mediator, upload=SimpleUploadedFile("fiche.pdf", b"%PDF-1.7 x"), title="Fiche"
    )
    assert resource.media_type == "application/pdf"
    assert resource.file.name.endswith(".pdf")
