"""A mediator opens a followed structure's page and reads its stored presence audit (no network)."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_mediator_reads_a_stored_presence_audit(page, mediator, place):
    from relais.presence.tests.factories import AuditFactory, SubjectFactory

    subject = SubjectFactory(place=place, name="Épicerie solidaire du Chemin Vert")
    audit = AuditFactory(subject=subject)

    login(page, mediator.email, PASSWORD)
    page.goto("/presence/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Épicerie solidaire du Chemin Vert").first.click()
    assert axe_violations(page) == []
    page.locator(f"a[href$='/presence/audits/{audit.pk}/']").first.click()
    page.wait_for_url(f"**/presence/audits/{audit.pk}/")

    assert page.get_by_role("heading", level=1).count() == 1
    assert "62" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "mediator-presence-audit")
