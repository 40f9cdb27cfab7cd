import pytest

from relais.knowledge.models import Article, Moderation, Report
from relais.knowledge.tests.factories import ArticleFactory, CommentFactory


@pytest.mark.django_db
def test_api_articles_lists_published_and_own_drafts_only(api_client_for, mediator, place, other_place):
    ArticleFactory(place=place, title="Publiée")
    ArticleFactory(place=place, title="Brouillon A", draft=True)
    ArticleFactory(place=other_place, title="Brouillon B", draft=True)

    response = api_client_for(mediator).get("/api/v1/articles")

    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["results"]}
    assert titles == {"Publiée", "Brouillon A"}
    assert response.json()["count"] == 2


@pytest.mark.django_db
def test_api_articles_search_by_theme(api_client_for, outsider, place):
    ArticleFactory(place=place, title="Courriel", themes=["email"])
    ArticleFactory(place=place, title="Banque", themes=["banque_et_achats_en_ligne"])

    response = api_client_for(outsider).get("/api/v1/articles", {"theme": "email"})

    assert [item["title"] for item in response.json()["results"]] == ["Courriel"]


@pytest.mark.django_db
def test_api_article_other_place_draft_is_404(api_client_for, outsider, place):
    draft = ArticleFactory(place=place, draft=True)
    assert api_client_for(outsider).get(f"/api/v1/articles/{draft.slug}").status_code == 404


@pytest.mark.django_db
def test_api_article_create_sanitises_and_keeps_version(api_client_for, mediator, place):
    payload = {
        "place_id": place.pk,
        "title": "Fiche",
        "body": "Bonjour <script>alert(1)</script>",
        "themes": ["email"],
    }

    response = api_client_for(mediator).post("/api/v1/articles", payload, content_type="application/json")

    assert response.status_code == 201
    assert "<script" not in response.json()["body_html"]
    article = Article.objects.get(slug=response.json()["slug"])
    assert article.versions.count() == 1


@pytest.mark.django_db
def test_api_article_create_by_volunteer_is_403_and_bad_theme_is_422(
    api_client_for, volunteer, mediator, place
):
    payload = {"place_id": place.pk, "title": "Fiche", "body": "Texte"}
    assert (
        api_client_for(volunteer)
        .post("/api/v1/articles", payload, content_type="application/json")
        .status_code
        == 403
    )
    payload["themes"] = ["inconnu"]
    response = api_client_for(mediator).post("/api/v1/articles", payload, content_type="application/json")
    assert response.status_code == 422
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_api_article_patch_adds_version(api_client_for, mediator, place):
    article = ArticleFactory(place=place)
    article.versions.create(number=1, title=article.title, body=article.body)

    response = api_client_for(mediator).patch(
        f"/api/v1/articles/{article.slug}",
        {"body": "Nouveau texte", "note": "Relu"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert article.versions.get(number=2).note == "Relu"


@pytest.mark.django_db
def test_api_report_create_and_list_for_moderators(api_client_for, outsider, mediator, volunteer, place):
    comment = CommentFactory(target=ArticleFactory(place=place))

    response = api_client_for(outsider).post(
        "/api/v1/reports",
        {"kind": "comment", "id": comment.pk, "reason": "spam"},
        content_type="application/json",
    )
    assert response.status_code == 201
    again = api_client_for(outsider).post(
        "/api/v1/reports",
        {"kind": "comment", "id": comment.pk, "reason": "spam"},
        content_type="application/json",
    )
    assert again.status_code == 422
    listing = api_client_for(mediator).get("/api/v1/reports")
    assert listing.json()["count"] == 1
    assert listing.json()["results"][0]["report_count"] == 1
    assert api_client_for(outsider).get("/api/v1/reports").json()["count"] == 0
    assert api_client_for(volunteer).get("/api/v1/reports").status_code == 403
    assert Moderation.objects.get().place == place


@pytest.mark.django_db
def test_api_report_other_requires_details(api_client_for, outsider, place):
    article = ArticleFactory(place=place)
    response = api_client_for(outsider).post(
        "/api/v1/reports",
        {"kind": "article", "id": article.pk, "reason": "other"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Report.objects.count() == 0
