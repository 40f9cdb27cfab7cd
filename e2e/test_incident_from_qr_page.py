"""Anyone who scans a machine's QR code reaches its public page and reports an incident."""

import pytest

from e2e.conftest import axe_violations, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_visitor_reports_an_incident_from_the_machine_qr_page(page, place):
    from relais.fablab.models import IncidentReport
    from relais.fablab.tests.factories import MachineFactory

    machine = MachineFactory(place=place, name="Découpeuse laser")

    page.goto(f"/fablab/lieux/{place.slug}/machines/{machine.slug}/")
    assert axe_violations(page) == []
    page.locator(f"a[href$='/machines/{machine.slug}/signaler/']").first.click()
    assert axe_violations(page) == []

    page.locator("textarea[name=description]").fill(
        "Le plateau ne descend plus et une odeur de brûlé persiste."
    )
    page.locator("input[name=severity]").last.check()
    page.locator("input[name=contact]").fill("usager@exemple.fr")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(f"**/machines/{machine.slug}/signaler/merci/")

    report = IncidentReport.objects.get(machine=machine)
    assert "odeur de brûlé" in report.description
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "incident-reported")
