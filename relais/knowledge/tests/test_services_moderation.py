import pytest
from django.core.exceptions import ValidationError

from relais.core.models import Journal
from relais.knowledge.models import Appeal, Comment, Decision, Moderation
from relais.knowledge.services import moderation as services
from relais.knowledge.tests.factories import ArticleFactory, CommentFactory


def _report_times(target, count, start=0):
    for number in range(start, start + count):
        services.report_create(target=target, reason="spam", reporter_key=f"key-{number}")


@pytest.mark.django_db
def test_comment_post_stores_text_and_renders_it_safely(place):
    article = ArticleFactory(place=place)
    comment = services.comment_post(
        target=article, body="<script>alert(1)</script> Merci", author_name="Lou", origin_hash="a"
    )
    assert comment.place == place
    assert "<script" not in comment.body_html
    assert comment.is_held is False


@pytest.mark.django_db
def test_comment_with_many_links_is_held(place):
    comment = services.comment_post(
        target=ArticleFactory(place=place),
        body="http://a.fr http://b.fr http://c.fr",
        author_name="X",
        origin_hash="b",
    )
    assert comment.is_held is True
    assert not Comment.objects.visible().filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_comment_posting_is_rate_limited(place, settings):
    settings.KNOWLEDGE_COMMENTS_PER_WINDOW = 2
    article = ArticleFactory(place=place)
    for _ in range(2):
        services.comment_post(target=article, body="Bonjour", author_name="Lou", origin_hash="same")
    with pytest.raises(ValidationError):
        services.comment_post(target=article, body="Encore", author_name="Lou", origin_hash="same")
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_reply_must_be_in_the_same_thread(place):
    first, second = ArticleFactory(place=place), ArticleFactory(place=place)
    parent = CommentFactory(target=first)
    with pytest.raises(ValidationError):
        services.comment_post(
            target=second, body="Hors fil", author_name="Lou", parent=parent, origin_hash="c"
        )


@pytest.mark.django_db
def test_content_hidden_automatically_at_three_reports(place, mailoutbox, django_capture_on_commit_callbacks):
    comment = CommentFactory(target=ArticleFactory(place=place))

    _report_times(comment, 2)
    comment.refresh_from_db()
    assert comment.is_hidden is False

    with django_capture_on_commit_callbacks(execute=True):
        _report_times(comment, 1, start=2)
    assert mailoutbox[0].to == ["lou@example.org"]
    comment.refresh_from_db()
    moderation = Moderation.objects.get()
    assert comment.is_hidden is True
    assert moderation.hidden_automatically and moderation.report_count == 3
    assert moderation.reported_content == comment.body
    assert Journal.objects.filter(action="moderation.hide_automatically").count() == 1


@pytest.mark.django_db
def test_report_threshold_is_configurable(place, settings):
    settings.KNOWLEDGE_REPORTS_BEFORE_HIDING = 1
    article = ArticleFactory(place=place)
    _report_times(article, 1)
    article.refresh_from_db()
    assert article.is_hidden is True


@pytest.mark.django_db
def test_same_reporter_reports_once(place):
    comment = CommentFactory(target=ArticleFactory(place=place))
    services.report_create(target=comment, reason="offensive", reporter_key="me")
    with pytest.raises(ValidationError):
        services.report_create(target=comment, reason="spam", reporter_key="me")
    assert Moderation.objects.get().report_count == 1


@pytest.mark.django_db
def test_report_other_without_details_is_refused(place):
    with pytest.raises(ValidationError):
        services.report_create(target=ArticleFactory(place=place), reason="other", reporter_key="me")


@pytest.mark.django_db
def test_decision_hides_and_tells_author_with_reasons_and_appeal_link(
    place, mediator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = CommentFactory(target=ArticleFactory(place=place))
    _report_times(comment, 1)
    moderation = Moderation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.moderation_decide(
            moderation=moderation,
            moderator=mediator,
            outcome="hide",
            statement="Publicité sans rapport avec la fiche.",
        )

    comment.refresh_from_db()
    assert comment.is_hidden is True
    assert mailoutbox[0].to == ["lou@example.org"]
    assert "Publicité sans rapport avec la fiche." in mailoutbox[0].body
    assert "/ressources/appel/" in mailoutbox[0].body
    assert Journal.objects.filter(action="moderation.hide", actor=mediator).exists()


@pytest.mark.django_db
def test_decision_needs_a_statement(place, mediator):
    comment = CommentFactory(target=ArticleFactory(place=place))
    _report_times(comment, 1)
    with pytest.raises(ValidationError):
        services.moderation_decide(
            moderation=Moderation.objects.get(), moderator=mediator, outcome="hide", statement="non"
        )
    assert Decision.objects.count() == 0


@pytest.mark.django_db
def test_keep_decision_restores_automatically_hidden_content(place, mediator):
    comment = CommentFactory(target=ArticleFactory(place=place))
    _report_times(comment, 3)
    services.moderation_decide(
        moderation=Moderation.objects.get(),
        moderator=mediator,
        outcome="keep",
        statement="Critique légitime, conforme.",
    )
    comment.refresh_from_db()
    assert comment.is_hidden is False
    # New reports after a decision reopen the file without hiding again.
    _report_times(comment, 3, start=3)
    comment.refresh_from_db()
    assert comment.is_hidden is False
    assert Moderation.objects.get().status == Moderation.Status.OPEN


@pytest.mark.django_db
def test_appeal_only_once_and_reviewed_by_another_moderator(place, mediator, admin):
    comment = CommentFactory(target=ArticleFactory(place=place))
    _report_times(comment, 1)
    decision = services.moderation_decide(
        moderation=Moderation.objects.get(),
        moderator=mediator,
        outcome="hide",
        statement="Propos injurieux envers un membre.",
    )
    token = services.appeal_token(decision)
    assert services.decision_from_token(token) == decision
    assert services.decision_from_token(token + "x") is None

    appeal = services.appeal_create(decision=decision, text="Je ne visais personne.")
    with pytest.raises(ValidationError):
        services.appeal_create(decision=decision, text="Encore")
    with pytest.raises(ValidationError):
        services.appeal_review(
            appeal=appeal, moderator=mediator, outcome="keep", statement="Je change d'avis ici."
        )

    final = services.appeal_review(
        appeal=appeal, moderator=admin, outcome="keep", statement="Relu : pas d'injure."
    )

    appeal.refresh_from_db()
    comment.refresh_from_db()
    assert appeal.status == Appeal.Status.OVERTURNED
    assert final.on_appeal is True
    assert comment.is_hidden is False
    with pytest.raises(ValidationError):
        services.appeal_create(decision=final, text="Et encore")


@pytest.mark.django_db
def test_bulk_decide_applies_one_statement(place, mediator):
    comments = [CommentFactory(target=ArticleFactory(place=place)) for _ in range(3)]
    for index, comment in enumerate(comments):
        services.report_create(target=comment, reason="spam", reporter_key=f"k{index}")

    count = services.moderation_bulk_decide(
        moderations=list(Moderation.objects.all()),
        moderator=mediator,
        outcome="hide",
        statement="Vague de spam.",
    )

    assert count == 3
    assert Comment.objects.filter(is_hidden=True).count() == 3
    assert set(Decision.objects.values_list("statement", flat=True)) == {"Vague de spam."}
