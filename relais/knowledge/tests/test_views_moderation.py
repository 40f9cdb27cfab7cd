import pytest
from django.urls import reverse

from relais.knowledge.models import Appeal, Article, Comment, Contribution, Moderation
from relais.knowledge.services import moderation as services
from relais.knowledge.tests.factories import ArticleFactory, CommentFactory, ContributionFactory


@pytest.mark.django_db
def test_queue_requires_login_and_moderator_role(client, volunteer_client):
    url = reverse("knowledge:moderation-queue")
    assert client.get(url).status_code == 302
    assert volunteer_client.get(url).status_code == 403


@pytest.mark.django_db
def test_queue_shows_only_own_places(mediator_client, place, other_place, django_assert_max_num_queries):
    ContributionFactory(place=place, title="Chez nous")
    ContributionFactory(place=other_place, title="Ailleurs")
    with django_assert_max_num_queries(14):
        content = mediator_client.get(reverse("knowledge:moderation-queue")).content.decode()
    assert "Chez nous" in content and "Ailleurs" not in content


@pytest.mark.django_db
def test_contribution_review_outsider_404_and_publish(outsider_client, mediator_client, place):
    contribution = ContributionFactory(place=place)
    url = reverse("knowledge:contribution-review", args=[contribution.pk])
    assert outsider_client.get(url).status_code == 404

    response = mediator_client.post(url, {"action": "publish", "message": ""})

    assert response.status_code == 303
    assert Article.objects.get().is_public


@pytest.mark.django_db
def test_contribution_reject_without_message_shows_error(mediator_client, place):
    contribution = ContributionFactory(place=place)
    response = mediator_client.post(
        reverse("knowledge:contribution-review", args=[contribution.pk]), {"action": "reject"}
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PENDING


@pytest.mark.django_db
def test_contribution_bulk_action(mediator_client, place, other_place):
    mine = [ContributionFactory(place=place) for _ in range(2)]
    theirs = ContributionFactory(place=other_place)
    response = mediator_client.post(
        reverse("knowledge:contribution-bulk"),
        {"selection": [c.pk for c in mine] + [theirs.pk], "action": "reject", "message": "Doublon"},
    )
    assert response.status_code == 303
    assert Contribution.objects.filter(status="rejected").count() == 2
    theirs.refresh_from_db()
    assert theirs.status == Contribution.Status.PENDING


@pytest.mark.django_db
def test_moderation_detail_and_decision(outsider_client, mediator_client, place):
    comment = CommentFactory(target=ArticleFactory(place=place), body="Propos déplacé")
    services.report_create(target=comment, reason="offensive", reporter_key="k")
    moderation = Moderation.objects.get()
    url = reverse("knowledge:moderation-detail", args=[moderation.pk])
    assert outsider_client.get(url).status_code == 404
    assert "Propos déplacé" in mediator_client.get(url).content.decode()

    response = mediator_client.post(
        url, {"outcome": "hide", "statement": "Propos insultant envers un participant."}
    )

    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.is_hidden


@pytest.mark.django_db
def test_moderation_bulk_hides_selection(mediator_client, place):
    comments = [CommentFactory(target=ArticleFactory(place=place)) for _ in range(2)]
    for index, comment in enumerate(comments):
        services.report_create(target=comment, reason="spam", reporter_key=f"k{index}")
    response = mediator_client.post(
        reverse("knowledge:moderation-bulk"),
        {
            "selection": list(Moderation.objects.values_list("pk", flat=True)),
            "outcome": "hide",
            "statement": "Vague de spam.",
        },
    )
    assert response.status_code == 303
    assert Comment.objects.filter(is_hidden=True).count() == 2


@pytest.mark.django_db
def test_held_comment_release(mediator_client, place):
    comment = CommentFactory(target=ArticleFactory(place=place), is_held=True)
    assert mediator_client.post(reverse("knowledge:comment-release", args=[comment.pk])).status_code == 303
    comment.refresh_from_db()
    assert comment.is_held is False


@pytest.mark.django_db
def test_appeal_review_by_other_moderator(client_for, mediator, admin, place):
    comment = CommentFactory(target=ArticleFactory(place=place))
    services.report_create(target=comment, reason="spam", reporter_key="k")
    decision = services.moderation_decide(
        moderation=Moderation.objects.get(),
        moderator=mediator,
        outcome="hide",
        statement="Publicité manifeste.",
    )
    appeal = services.appeal_create(decision=decision, text="Je présentais une association.")
    url = reverse("knowledge:appeal-review", args=[appeal.pk])

    same = client_for(mediator).post(url, {"outcome": "hide", "statement": "Je maintiens ma décision."})
    assert same.status_code == 200
    response = client_for(admin).post(
        url, {"outcome": "keep", "statement": "Association locale, message utile."}
    )

    assert response.status_code == 303
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OVERTURNED


@pytest.mark.django_db
def test_photo_contribution_shown_to_moderators_and_published_as_resource(
    mediator_client, outsider_client, client, place
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from relais.knowledge.models import Resource
    from relais.knowledge.services import contributions
    from relais.knowledge.tests.test_rendering_uploads import png_bytes

    contribution = contributions.contribution_submit(
        kind="photo",
        place=place,
        title="Atelier du mardi",
        upload=SimpleUploadedFile("atelier.png", png_bytes()),
        licence="CC-BY-4.0",
        contact_name="Lou",
        contact_email="lou@example.org",
        origin_hash="p",
    )
    contributions.contribution_confirm(contribution=contribution)
    file_url = reverse("knowledge:contribution-file", args=[contribution.pk])
    assert outsider_client.get(file_url).status_code == 404
    assert client.get(file_url).status_code == 302
    response = mediator_client.get(file_url)
    assert response["Content-Type"] == "image/png"
    assert (
        file_url
        in mediator_client.get(
            reverse("knowledge:contribution-review", args=[contribution.pk])
        ).content.decode()
    )

    mediator_client.post(
        reverse("knowledge:contribution-review", args=[contribution.pk]), {"action": "publish"}
    )

    resource = Resource.objects.get()
    assert resource.is_public and resource.media_type == "image/png" and resource.credit == "Lou"


@pytest.mark.django_db
def test_home_panel_counts_work_to_do(mediator_client, place):
    ContributionFactory(place=place)
    content = mediator_client.get(reverse("core:home")).content.decode()
    assert f"{reverse('knowledge:moderation-queue')}?onglet=contributions" in content
