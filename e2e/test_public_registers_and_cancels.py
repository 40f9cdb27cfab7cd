"""A member of the public finds a workshop on the agenda, registers without an account (keyboard only),
then cancels with the link received by e-mail."""

import re

import pytest
from django.core import mail

from e2e.conftest import axe_violations, save_screenshot, tab_to


@pytest.mark.django_db(transaction=True)
def test_visitor_registers_to_a_workshop_and_cancels_by_the_emailed_link(page, place):
    from relais.programme.models import Registration
    from relais.programme.tests.factories import EventFactory, SessionFactory

    event = EventFactory(place=place, title="Atelier courriel pour débuter")
    session = SessionFactory(event=event)

    page.goto("/agenda/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Atelier courriel pour débuter")).first.click()
    assert axe_violations(page) == []
    page.locator(f"a[href*='/agenda/seances/{session.pk}/inscription/']").first.click()
    assert axe_violations(page) == []

    tab_to(page, "input[name=name]")
    page.keyboard.type("Josiane Martin")
    tab_to(page, "input[name=email]")
    page.keyboard.type("josiane@exemple.fr")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "form [type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/agenda/(?!seances/\d+/inscription/)"))
    assert axe_violations(page) == []

    registration = Registration.objects.get(session=session, email="josiane@exemple.fr")
    cancel_path = f"/agenda/inscriptions/{registration.token}/annuler/"
    # The e-mail carries the personal link (confirmation first when the address is not yet confirmed).
    assert any(f"/agenda/inscriptions/{registration.token}/" in message.body for message in mail.outbox)

    page.goto(cancel_path)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()

    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED_BY_PARTICIPANT
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "public-registration-cancelled")
