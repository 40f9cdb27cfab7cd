import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.knowledge.models import Article, Resource
from relais.knowledge.tests.factories import ArticleFactory


@pytest.mark.django_db
def test_article_list_public_search_and_no_drafts(client, place, django_assert_max_num_queries):
    ArticleFactory(place=place, title="Créer son courriel", themes=["email"])
    ArticleFactory(place=place, title="Banque en ligne", themes=["banque_et_achats_en_ligne"])
    ArticleFactory(place=place, title="Brouillon secret", draft=True)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("knowledge:article-list"))
    content = response.content.decode()
    assert "Créer son courriel" in content and "Brouillon secret" not in content

    filtered = client.get(
        reverse("knowledge:article-list"), {"q": "courriel", "theme": "email"}
    ).content.decode()
    assert "Créer son courriel" in filtered and "Banque en ligne" not in filtered


@pytest.mark.django_db
def test_article_list_htmx_returns_fragment(htmx_client, place):
    ArticleFactory(place=place, title="Fiche visible")
    response = htmx_client.get(reverse("knowledge:article-list"), {"q": "visible"})
    assert b"<html" not in response.content
    assert "Fiche visible" in response.content.decode()


@pytest.mark.django_db
def test_article_detail_draft_hidden_from_public_and_outsiders(
    client, outsider_client, mediator_client, place
):
    draft = ArticleFactory(place=place, draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert outsider_client.get(draft.get_absolute_url()).status_code == 404
    assert mediator_client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_article_detail_shows_sanitised_body_licence_and_comment_form(client, place):
    article = ArticleFactory(place=place, body="Texte <script>alert(1)</script>", credit="Camille")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "Camille" in content
    assert reverse("knowledge:report-create", args=["article", article.pk]) in content
    assert 'name="body"' in content


@pytest.mark.django_db
def test_article_pdf_is_a_pdf(client, place):
    article = ArticleFactory(place=place)
    response = client.get(reverse("knowledge:article-pdf", args=[article.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_article_create_requires_login_and_editor_role(client, volunteer_client):
    url = reverse("knowledge:article-create")
    assert client.get(url).status_code == 302
    assert volunteer_client.get(url).status_code == 403


@pytest.mark.django_db
def test_article_create_valid_post_writes_row_and_redirects(mediator_client, place):
    response = mediator_client.post(
        reverse("knowledge:article-create"),
        {
            "place": place.pk,
            "kind": "learning_sheet",
            "title": "Fiche courriel",
            "body": "## Étapes",
            "status": "published",
            "licence": "CC-BY-4.0",
            "audience": "everyone",
            "level": "debutant",
            "themes": ["email"],
            "competences": ["2.1"],
        },
    )
    article = Article.objects.get()
    assert response.status_code == 303 and response["Location"] == article.get_absolute_url()
    assert article.themes == ["email"] and article.published_at is not None


@pytest.mark.django_db
def test_article_create_invalid_post_echoes_and_writes_nothing(mediator_client, place, other_place):
    response = mediator_client.post(
        reverse("knowledge:article-create"),
        {
            "place": other_place.pk,
            "kind": "article",
            "title": "Titre tapé",
            "body": "",
            "status": "draft",
            "licence": "CC-BY-4.0",
            "audience": "everyone",
            "level": "debutant",
        },
    )
    assert response.status_code == 200
    assert "Titre tapé" in response.content.decode()
    assert 'class="field__error"' in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_article_update_outsider_404_and_editor_saves_version(outsider_client, mediator_client, place):
    article = ArticleFactory(place=place)
    article.versions.create(number=1, title=article.title, body=article.body)
    url = reverse("knowledge:article-update", args=[article.slug])
    assert outsider_client.get(url).status_code == 404

    data = {
        "kind": "article",
        "title": article.title,
        "summary": "",
        "body": "Nouveau",
        "status": "published",
        "licence": article.licence,
        "audience": "everyone",
        "level": "debutant",
        "note": "Mise à jour",
    }
    response = mediator_client.post(url, data)

    assert response.status_code == 303
    article.refresh_from_db()
    assert article.version == 2
    versions = mediator_client.get(
        reverse("knowledge:article-versions", args=[article.slug])
    ).content.decode()
    assert "Mise à jour" in versions


@pytest.mark.django_db
def test_resource_upload_refuses_lying_file_with_message(mediator_client, place):
    response = mediator_client.post(
        reverse("knowledge:resource-create"),
        {
            "place": place.pk,
            "title": "Fiche",
            "status": "published",
            "licence": "CC-BY-4.0",
            "audience": "everyone",
            "level": "debutant",
            "upload": SimpleUploadedFile("fiche.pdf", b"GIF89a" + b"\0" * 30),
        },
    )
    assert response.status_code == 200
    assert "fiche.pdf" in response.content.decode()
    assert Resource.objects.count() == 0


@pytest.mark.django_db
def test_resource_upload_and_public_download(mediator_client, client, place):
    mediator_client.post(
        reverse("knowledge:resource-create"),
        {
            "place": place.pk,
            "title": "Fiche PDF",
            "status": "published",
            "licence": "CC-BY-4.0",
            "audience": "everyone",
            "level": "debutant",
            "upload": SimpleUploadedFile("fiche.pdf", b"%PDF-1.7 contenu"),
        },
    )
    resource = Resource.objects.get()
    response = client.get(reverse("knowledge:resource-download", args=[resource.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
