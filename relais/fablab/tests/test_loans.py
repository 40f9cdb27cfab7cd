from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relais.fablab import loans
from relais.fablab.models import LendableItem, Loan


@pytest.fixture
def laptop(place):
    return LendableItem.objects.create(place=place, name="Portable 1", accessories="Chargeur\nHousse")


def test_checkout_and_return_with_accessories(laptop, fabmanager):
    loan = loans.loan_checkout(
        item=laptop,
        borrower_kind="event",
        borrower="Fête de la science",
        actor=fabmanager,
        due_on=timezone.localdate() + timedelta(days=3),
        accessories=["Chargeur", "Housse"],
    )
    with pytest.raises(ValidationError):
        loans.loan_checkout(
            item=laptop,
            borrower_kind="person",
            borrower="Léa",
            actor=fabmanager,
            due_on=timezone.localdate(),
            accessories=[],
        )

    loans.loan_return(loan=loan, accessories=["Chargeur"], condition="worn", actor=fabmanager)

    loan.refresh_from_db()
    assert loan.missing_accessories == ["Housse"]
    assert Loan.objects.count() == 1


def test_overdue_reminders_once_a_week(laptop, fabmanager, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    Loan.objects.create(
        item=laptop,
        borrower_kind="person",
        borrower="Léa",
        email="lea@exemple.fr",
        due_on=today - timedelta(days=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = loans.loans_remind_overdue(today=today)
    second = loans.loans_remind_overdue(today=today + timedelta(days=1))
    third = loans.loans_remind_overdue(today=today + timedelta(days=7))

    assert (first, second, third) == (1, 0, 1)
    assert mailoutbox[0].to == ["lea@exemple.fr"]


def test_loan_pages(fabmanager_client, laptop, place):
    checkout = fabmanager_client.post(
        reverse("fablab:loan-checkout", args=[place.slug, laptop.pk]),
        {"borrower_kind": "event", "borrower": "Forum", "due_on": "2099-01-01", "accessories": ["Chargeur"]},
    )
    loan = Loan.objects.get()
    listing = fabmanager_client.get(reverse("fablab:loan-list", args=[place.slug]))
    packing = fabmanager_client.get(reverse("fablab:packing-list", args=[place.slug]), {"evenement": "Forum"})
    back = fabmanager_client.post(
        reverse("fablab:loan-return", args=[loan.pk]), {"accessories": ["Chargeur"], "condition": "good"}
    )
    history = fabmanager_client.get(reverse("fablab:item-history", args=[place.slug, laptop.pk]))

    assert checkout.status_code == back.status_code == 303
    assert "Forum" in listing.content.decode() and "Chargeur" in packing.content.decode()
    assert "Forum" in history.content.decode()


def test_loan_pages_hidden_from_outsiders(client_for, outsider, laptop, place):
    assert client_for(outsider).get(reverse("fablab:loan-list", args=[place.slug])).status_code == 404
