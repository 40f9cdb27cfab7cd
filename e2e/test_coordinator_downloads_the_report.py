"""A coordinator opens the statistics dashboard of the network and downloads the PDF activity report."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_the_dashboard_and_downloads_the_pdf_report(page, coordinator, mediator, place):
    from relais.mediation.tests.factories import ActivityFactory

    ActivityFactory.create_batch(3, place=place, author=mediator)

    login(page, coordinator.email, PASSWORD)
    page.goto("/statistiques/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []

    page.locator("#id_commentary").fill("Une année de croissance des accompagnements.")
    with page.expect_download() as download_info:
        page.locator("form[action*='/statistiques/bilan.pdf'] [type=submit]").click()
    download = download_info.value
    path = download.path()

    assert download.suggested_filename.endswith(".pdf")
    assert open(path, "rb").read(5) == b"%PDF-"
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "coordinator-dashboard")
