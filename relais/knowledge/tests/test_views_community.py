import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.knowledge.models import Comment, Contribution, Decision, Moderation, Report
from relais.knowledge.services import moderation as moderation_services
from relais.knowledge.tests.factories import ArticleFactory, CommentFactory, ContributionFactory


def comment_url(article):
    return reverse(
        "knowledge:comment-create", args=[ContentType.objects.get_for_model(article).pk, article.pk]
    )


@pytest.mark.django_db
def test_contribution_form_anonymous_post_waits_for_confirmation(client, place, mailoutbox):
    response = client.post(
        reverse("knowledge:contribution-create"),
        {
            "kind": "text",
            "place": place.pk,
            "title": "Astuce",
            "body": "Ctrl et +",
            "licence": "CC-BY-4.0",
            "contact_name": "Nour",
            "contact_email": "nour@example.org",
            "consent": "on",
        },
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("knowledge:contribution-follow", args=[contribution.token])
    assert contribution.status == Contribution.Status.PENDING_CONFIRMATION
    assert (
        client.post(reverse("knowledge:contribution-confirm", args=[contribution.token])).status_code == 303
    )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING


@pytest.mark.django_db
def test_contribution_honeypot_writes_nothing(client, place):
    response = client.post(
        reverse("knowledge:contribution-create"),
        {
            "kind": "text",
            "place": place.pk,
            "title": "Promo",
            "body": "x",
            "licence": "CC-BY-4.0",
            "contact_name": "Bot",
            "contact_email": "bot@example.org",
            "consent": "on",
            "site_web": "http://spam",
        },
    )
    assert response.status_code == 303
    assert Contribution.objects.count() == 0


@pytest.mark.django_db
def test_contribution_bad_dataset_shows_report_and_echoes(client, place):
    schema = '{"fields": [{"name": "nom", "type": "string"}, {"name": "debit", "type": "integer"}]}'
    response = client.post(
        reverse("knowledge:contribution-create"),
        {
            "kind": "dataset",
            "place": place.pk,
            "title": "Wi-Fi du quartier",
            "body": "",
            "licence": "ODbL-1.0",
            "contact_name": "Karim",
            "contact_email": "k@example.org",
            "consent": "on",
            "schema": schema,
            "upload": SimpleUploadedFile("wifi.csv", b"nom,debit\nMairie,vingt\n"),
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wi-Fi du quartier" in content
    assert "vingt" in content and "debit" in content
    assert Contribution.objects.count() == 0


@pytest.mark.django_db
def test_contribution_follow_shows_moderator_message_and_revision_form(client, place):
    contribution = ContributionFactory(
        place=place, status="changes_requested", moderator_message="Ajoutez une capture."
    )
    url = reverse("knowledge:contribution-follow", args=[contribution.token])
    assert "Ajoutez une capture." in client.get(url).content.decode()
    response = client.post(url, {"title": "Astuce v2", "body": "Avec capture"})
    assert response.status_code == 303
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING


@pytest.mark.django_db
def test_comment_post_anonymous_and_honeypot(client, place):
    article = ArticleFactory(place=place)
    response = client.post(comment_url(article), {"author_name": "Lou", "body": "Merci !"})
    assert response.status_code == 303
    assert Comment.objects.get().author_name == "Lou"
    client.post(comment_url(article), {"author_name": "Bot", "body": "Achetez", "site_web": "x"})
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_comment_post_invalid_echoes(client, place):
    article = ArticleFactory(place=place)
    response = client.post(comment_url(article), {"author_name": "", "body": "Texte tapé"})
    assert response.status_code == 200
    assert "Texte tapé" in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_comment_on_draft_or_unregistered_model_is_404(client, place):
    draft = ArticleFactory(place=place, draft=True)
    assert client.post(comment_url(draft), {"author_name": "Lou", "body": "x"}).status_code == 404
    user_type = ContentType.objects.get(app_label="accounts", model="user")
    url = reverse("knowledge:comment-create", args=[user_type.pk, 1])
    assert client.post(url, {"author_name": "Lou", "body": "x"}).status_code == 404


@pytest.mark.django_db
def test_reply_link_prefills_parent(client, place):
    article = ArticleFactory(place=place)
    comment = CommentFactory(target=article)
    content = client.get(f"{article.get_absolute_url()}?repondre={comment.pk}").content.decode()
    assert f'name="parent" value="{comment.pk}"' in content


@pytest.mark.django_db
def test_report_view_records_report_and_hidden_content_disappears(client, place, settings):
    settings.KNOWLEDGE_REPORTS_BEFORE_HIDING = 1
    article = ArticleFactory(place=place)
    comment = CommentFactory(target=article, body="Message signalé")
    url = reverse("knowledge:report-create", args=["comment", comment.pk])

    response = client.post(url, {"reason": "offensive", "details": ""})

    assert response.status_code == 303
    assert Report.objects.get().reason == "offensive"
    assert "Message signalé" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_report_other_without_details_shows_error(client, place):
    article = ArticleFactory(place=place)
    response = client.post(
        reverse("knowledge:report-create", args=["article", article.pk]), {"reason": "other"}
    )
    assert response.status_code == 200
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_appeal_view_once(client, place, mediator):
    comment = CommentFactory(target=ArticleFactory(place=place))
    moderation_services.report_create(target=comment, reason="spam", reporter_key="k")
    decision = moderation_services.moderation_decide(
        moderation=Moderation.objects.get(),
        moderator=mediator,
        outcome="hide",
        statement="Message publicitaire.",
    )
    url = reverse("knowledge:appeal-create", args=[moderation_services.appeal_token(decision)])

    assert "Message publicitaire." in client.get(url).content.decode()
    assert client.post(url, {"text": "Ce n'était pas de la publicité."}).status_code == 302
    again = client.post(url, {"text": "Encore"})
    assert again.status_code == 200
    assert Decision.objects.count() == 1
    assert client.get(reverse("knowledge:appeal-create", args=["faux"])).status_code == 404


@pytest.mark.django_db
def test_any_registered_model_gets_a_comment_thread(client, place, monkeypatch):
    from relais.core.models import Place
    from relais.knowledge import comments

    monkeypatch.setattr(comments, "_registry", dict(comments._registry))
    comments.register_commentable(Place, can_view=lambda user, obj: obj.is_visible)
    url = reverse("knowledge:comment-create", args=[ContentType.objects.get_for_model(Place).pk, place.pk])

    response = client.post(url, {"author_name": "Lou", "body": "Super lieu"})

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.target == place
    assert response["Location"].startswith(place.get_absolute_url())


@pytest.mark.django_db
def test_contribution_flood_from_one_connection_is_refused_and_keeps_the_text(client, place, settings):
    settings.KNOWLEDGE_CONTRIBUTIONS_PER_HOUR = 2
    fields = {
        "kind": "text",
        "place": place.pk,
        "licence": "CC-BY-4.0",
        "contact_name": "Nour",
        "contact_email": "nour@example.org",
        "consent": "on",
    }
    for number in range(2):
        sent = client.post(
            reverse("knowledge:contribution-create"), {**fields, "title": f"Astuce {number}", "body": "x"}
        )
        assert sent.status_code == 303

    response = client.post(
        reverse("knowledge:contribution-create"), {**fields, "title": "Troisième", "body": "Texte tapé"}
    )

    assert response.status_code == 200
    assert "Texte tapé" in response.text and "Troisième" in response.text
    assert "trop" in response.text.lower()
    assert Contribution.objects.count() == 2
