"""A coordinator of a network of many places sees the first rows of the places table on the dashboard,
then opens the whole table, a page at a time."""

import pytest

from conftest import PASSWORD, make_place  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_the_whole_table_of_places(page, coordinator, mediator, place):
    from relais.mediation.tests.factories import ActivityFactory

    for number in range(30):
        other = make_place(place.organisation, f"lieu-reseau-{number}", name=f"Lieu du réseau {number:02d}")
        ActivityFactory.create_batch(1 + number % 4, place=other, author=mediator)

    login(page, coordinator.email, PASSWORD)
    page.goto("/statistiques/")
    places = page.locator("section[aria-labelledby='table-place']")
    assert places.locator("tbody tr").count() == 20
    assert "Et 10 autres lignes." in places.inner_text()

    places.get_by_role("link", name="Le tableau complet").click()
    page.wait_for_url("**/statistiques/tableau/place/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Accompagnements par lieu"
    assert page.locator("tbody tr").count() == 30
    assert "Lignes 1 à 30 sur 30." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "coordinator-whole-table")

    page.get_by_role("link", name="Retour au tableau de bord").click()
    page.wait_for_url("**/statistiques/**")
    assert page.get_by_role("heading", level=1).count() == 1
