"""A coordinator of a network of many places sees the first rows of the places table on the dashboard,
then opens the whole table, a page at a time; the place filter, a list of every place, has a search box."""

import pytest

from conftest import PASSWORD, make_place  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


@pytest.fixture
def many_places(mediator, place):
    """30 more places in the organisation of `place`, each with 1 to 4 activities."""
    from relais.mediation.tests.factories import ActivityFactory

    for number in range(30):
        other = make_place(place.organisation, f"lieu-reseau-{number}", name=f"Lieu du réseau {number:02d}")
        ActivityFactory.create_batch(1 + number % 4, place=other, author=mediator)


@pytest.mark.django_db(transaction=True)
def test_coordinator_opens_the_whole_table_of_places(page, coordinator, many_places):
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


@pytest.mark.django_db(transaction=True)
def test_coordinator_finds_a_place_in_the_filter_by_typing(page, coordinator, many_places):
    login(page, coordinator.email, PASSWORD)
    page.goto("/statistiques/")
    select = page.get_by_label("Lieu", exact=True)
    assert select.locator("option").count() == 32  # every place, and "all my places"

    search = page.get_by_role("searchbox", name="Rechercher un lieu")
    search.fill("reseau 7")  # without its accent: "Lieu du réseau 07", "… 17" and "… 27"
    assert select.locator("option").all_inner_texts() == [
        "Tous mes lieux",
        "Lieu du réseau 07",
        "Lieu du réseau 17",
        "Lieu du réseau 27",
    ]
    assert page.get_by_role("status").filter(has_text="options").inner_text() == (
        "3 options restantes dans la liste"
    )
    search.fill("réseau 17")
    assert page.get_by_role("status").filter(has_text="option").inner_text() == (
        "1 option restante dans la liste"
    )
    search.press("Enter")  # picks the one match and refreshes the figures
    page.wait_for_url("**/statistiques/?*place=*")
    assert select.evaluate("element => element.selectedOptions[0].textContent") == "Lieu du réseau 17"
    assert page.locator("select:focus").count() == 1
    places = page.locator("section[aria-labelledby='table-place'] tbody tr")
    assert places.all_inner_texts()[0].startswith("Lieu du réseau 17")
    assert places.count() == 1

    search.fill("réseau 27")  # the chosen place stays in the list, but Enter goes by the matches
    assert select.locator("option").all_inner_texts() == [
        "Tous mes lieux",
        "Lieu du réseau 17",
        "Lieu du réseau 27",
    ]
    assert page.get_by_role("status").filter(has_text="option").inner_text() == (
        "1 option restante dans la liste"
    )
    search.press("Enter")
    page.wait_for_url(f"**place={page_place_id(page, 'Lieu du réseau 27')}*")
    assert select.evaluate("element => element.selectedOptions[0].textContent") == "Lieu du réseau 27"
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "coordinator-place-search")


def page_place_id(page, name: str) -> str:
    return page.locator("#id_place option", has_text=name).get_attribute("value")
