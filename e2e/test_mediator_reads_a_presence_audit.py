"""A mediator runs a presence audit of a followed structure's site and reads it.

The site is a local test server on 127.0.0.1 (no request leaves the machine); the audit runs as the
background task does, right after the request that starts it (the test settings run tasks at once)."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.fixture
def local_site(settings):
    from relais.presence.tests.sites import Site, good_routes

    settings.PRESENCE_HOST_DELAY = 0.02
    settings.PRESENCE_DNS_LOOKUPS = False
    settings.PRESENCE_ALLOW_PRIVATE_ADDRESSES = True  # the test site listens on 127.0.0.1
    site = Site(good_routes())
    yield site
    site.stop()


@pytest.mark.django_db(transaction=True)
def test_mediator_runs_a_presence_audit_and_reads_it(page, mediator, place, local_site):
    from relais.presence.models import Audit
    from relais.presence.tests.factories import SubjectFactory

    SubjectFactory(place=place, name="Épicerie solidaire du Chemin Vert", website=local_site.url)

    login(page, mediator.email, PASSWORD)
    page.goto("/presence/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Épicerie solidaire du Chemin Vert").first.click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Auditer maintenant").click()

    audit = Audit.objects.get()
    page.wait_for_url(f"**/presence/audits/{audit.pk}/")
    page.reload()  # the page follows a running audit by itself; here it has already finished
    audit.refresh_from_db()
    assert audit.status == Audit.Status.DONE and audit.reachable
    assert local_site.paths("GET")  # the site was really visited
    assert page.get_by_role("heading", level=1).count() == 1
    assert f"{audit.score:.0f}" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "mediator-presence-audit")
