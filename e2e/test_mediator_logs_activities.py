"""A mediator logs an individual accompaniment with the keyboard only, then a collective workshop."""

import pytest

from conftest import PASSWORD  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot, tab_to


@pytest.mark.django_db(transaction=True)
def test_mediator_logs_an_individual_activity_with_the_keyboard_only(page, mediator, place):
    from relais.mediation.models import Activity

    login(page, mediator.email, PASSWORD)
    page.goto("/mediation/saisie/")
    assert axe_violations(page) == []

    tab_to(page, "input[name=duration]")
    page.keyboard.type("45")
    tab_to(page, "input[name=themes]")
    page.keyboard.press("Space")
    tab_to(page, "form [type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Tout juste enregistré").wait_for()

    activity = Activity.objects.get(place=place)
    assert activity.duration == 45
    assert activity.kind == "individual"
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "mediator-individual-activity")


@pytest.mark.django_db(transaction=True)
def test_mediator_logs_a_collective_activity(page, mediator, place):
    from relais.mediation.models import Activity

    login(page, mediator.email, PASSWORD)
    page.goto("/mediation/atelier/")
    assert axe_violations(page) == []

    page.get_by_label("Durée (minutes)").fill("90")
    page.locator("input[name=themes]").first.check()
    page.get_by_label("Titre de l'atelier").fill("Premiers pas sur la tablette")
    page.get_by_label("Participants anonymes").fill("6")
    page.locator("form [type=submit]").last.click()
    page.get_by_text("Activité enregistrée.").wait_for()

    activity = Activity.objects.get(place=place)
    assert activity.duration == 90
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "mediator-collective-activity")
