"""Journeys of the foundation: a visitor finds a place; a mediator signs in and reaches their home."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, save_screenshot


@pytest.mark.django_db(transaction=True)
def test_visitor_finds_a_place_on_the_public_pages(page, place):
    page.goto("/")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Lieu A").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Lieu A"
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "foundation-place")


@pytest.mark.django_db(transaction=True)
def test_mediator_signs_in_with_the_keyboard_and_reaches_their_home(page, mediator):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenu"

    page.goto("/comptes/connexion/")
    assert axe_violations(page) == []
    # The email field has the focus on arrival; the whole form is filled with the keyboard.
    page.keyboard.type(mediator.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/accueil/")
    assert "Lieu A" in page.content()
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "foundation-home")
