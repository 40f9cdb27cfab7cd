"""A moderator opens the moderation queue, reads a reported comment and hides it with a statement."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_moderator_hides_a_reported_comment(page, mediator, place):
    from relais.knowledge.models.community import ReportReason
    from relais.knowledge.services.moderation import report_create
    from relais.knowledge.tests.factories import ArticleFactory, CommentFactory

    comment = CommentFactory(target=ArticleFactory(place=place), body="Achetez des montres pas chères ici !")
    report_create(
        target=comment, reason=ReportReason.values[0], details="Publicité.", reporter_key="visitor-1"
    )

    login(page, mediator.email, PASSWORD)
    page.goto("/ressources/moderation/?onglet=signalements")
    assert axe_violations(page) == []
    page.locator("a[href*='/ressources/moderation/signalements/']").first.click()
    assert axe_violations(page) == []

    page.locator("input[name=outcome][value=hide]").check()
    page.locator("textarea[name=statement]").fill("Publicité sans rapport avec la fiche.")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()

    comment.refresh_from_db()
    assert comment.is_hidden
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "moderator-comment-hidden")
