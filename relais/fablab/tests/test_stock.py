from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relais.fablab import services, stock, tasks
from relais.fablab.models import Consumable, StockMovement
from relais.fablab.tests.conftest import at
from relais.fablab.tests.factories import BookingFactory


@pytest.fixture
def filament(place):
    return Consumable.objects.create(
        place=place, name="PLA noir", unit="m", supplier="Filimprimante", reorder_threshold=100, quantity=150
    )


def test_outgoing_movement_beyond_stock_is_refused(filament, fabmanager):
    with pytest.raises(ValidationError):
        stock.movement_record(consumable=filament, kind="loss", quantity=Decimal(200), actor=fabmanager)

    filament.refresh_from_db()
    assert filament.quantity == 150
    assert not StockMovement.objects.exists()


def test_inventory_count_records_the_adjustment(filament, fabmanager):
    movement = stock.inventory_count(consumable=filament, counted=Decimal(120), actor=fabmanager)

    filament.refresh_from_db()
    assert filament.quantity == 120
    assert movement.kind == "adjustment" and movement.quantity == -30


def test_transfer_moves_stock_between_places(filament, other_place, fabmanager):
    target = stock.transfer(consumable=filament, to_place=other_place, quantity=Decimal(50), actor=fabmanager)

    filament.refresh_from_db()
    assert filament.quantity == 100 and target.quantity == 50 and target.place == other_place


def test_end_of_use_takes_the_quantity_off_the_stock_once(filament, machine, authorised_member, frozen_now):
    booking = BookingFactory(machine=machine, user=authorised_member, start=at(2, 8), end=at(2, 9))

    services.usage_record(
        booking=booking, actor=authorised_member, minutes_used=50, quantity=35, consumable=filament
    )
    services.usage_record(
        booking=booking, actor=authorised_member, minutes_used=55, quantity=35, consumable=filament
    )

    filament.refresh_from_db()
    assert filament.quantity == 115
    assert StockMovement.objects.get().usage.booking == booking


def test_low_stock_digest_goes_to_fablab_managers(filament, fabmanager, mailoutbox):
    stock.movement_record(consumable=filament, kind="use", quantity=Decimal(60), actor=fabmanager)

    tasks.send_low_stock_digests.call_local()

    assert [message.to for message in mailoutbox] == [[fabmanager.email]]
    assert "PLA noir" in mailoutbox[0].body


def test_stock_page_and_shopping_list(fabmanager_client, filament, place):
    url = reverse("fablab:stock-list", args=[place.slug])

    refused = fabmanager_client.post(
        url, {"form": "movement", "consumable": filament.pk, "kind": "loss", "quantity": "500"}
    )
    bought = fabmanager_client.post(
        url, {"form": "movement", "consumable": filament.pk, "kind": "purchase", "quantity": "10"}
    )
    exported = fabmanager_client.get(reverse("fablab:shopping-list", args=[place.slug, "csv"]))

    assert refused.status_code == 200 and 'value="500"' in refused.content.decode()
    assert bought.status_code == 303
    filament.refresh_from_db()
    assert filament.quantity == 160
    assert exported.status_code == 200


def test_stock_page_hidden_from_outsiders(client_for, outsider, volunteer, place):
    url = reverse("fablab:stock-list", args=[place.slug])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(volunteer).get(url).status_code == 403
