"""A fablab member, authorised after a training, books a machine from its page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD, make_user  # noqa: I001
from e2e.conftest import axe_violations, login, save_screenshot


def _next_weekday_at_ten():
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
def test_member_books_a_machine_after_training(page, place, fabmanager):
    from relais.fablab.models import Authorisation, Booking
    from relais.fablab.tests.factories import AuthorisationFactory, MachineFactory

    member = make_user("membre@exemple.fr")
    machine = MachineFactory(place=place, name="Imprimante 3D Prusa")
    AuthorisationFactory(
        user=member, machine=machine, granted_by=fabmanager, evidence=Authorisation.Evidence.MANUAL
    )
    day = _next_weekday_at_ten()

    login(page, member.email, PASSWORD)
    page.goto(f"/fablab/lieux/{place.slug}/machines/{machine.slug}/")
    assert axe_violations(page) == []
    page.locator(f"a[href$='/machines/{machine.slug}/reserver/']").first.click()
    assert axe_violations(page) == []

    page.locator("input[name=start]").fill(f"{day.isoformat()}T10:00")
    page.locator("input[name=end]").fill(f"{day.isoformat()}T11:00")
    page.locator("input[name=note]").fill("Impression d'un support de tablette.")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/fablab/(?!.*reserver/$)"))

    booking = Booking.objects.get(machine=machine, user=member)
    assert timezone.localtime(booking.start).hour == 10
    assert axe_violations(page) == []
    assert page.console_problems == []
    save_screenshot(page, "member-machine-booked")
