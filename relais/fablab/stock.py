"""Consumables stock: movements that never take a stock below zero (except an inventory count), transfers."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.fablab.models import Consumable, StockMovement, UsageRecord

Kind = StockMovement.Kind
OUTGOING = {Kind.USE, Kind.LOSS, Kind.TRANSFER_OUT}


def _apply(
    consumable: Consumable, *, kind: str, delta: Decimal, actor, note: str = "", usage=None
) -> StockMovement:
    consumable = Consumable.objects.select_for_update().get(pk=consumable.pk)
    after = consumable.quantity + delta
    if after < 0:
        raise ValidationError(
            _(
                "Only %(stock)s %(unit)s of “%(name)s” in stock: %(wanted)s cannot go out. Count the stock "
                "(inventory) if the figure is wrong."
            )
            % {
                "stock": consumable.quantity,
                "unit": consumable.unit,
                "name": consumable.name,
                "wanted": -delta,
            },
            code="stock_too_low",
        )
    consumable.quantity = after
    consumable.save(update_fields=["quantity", "updated_at"])
    movement = StockMovement.objects.create(
        consumable=consumable,
        kind=kind,
        quantity=delta,
        resulting_quantity=after,
        note=note[:300],
        actor=actor,
        usage=usage,
    )
    journal_log(
        actor=actor,
        action="stock.move",
        target=consumable,
        place=consumable.place,
        kind=kind,
        quantity=str(delta),
    )
    return movement


@transaction.atomic
def movement_record(
    *,
    consumable: Consumable,
    kind: str,
    quantity: Decimal,
    actor,
    note: str = "",
    usage: UsageRecord | None = None,
) -> StockMovement:
    """Purchase (in), use or loss (out). `quantity` is positive; outgoing kinds take it off the stock."""
    if kind not in (Kind.PURCHASE, Kind.USE, Kind.LOSS):
        raise ValidationError({"kind": _("Use the inventory count or the transfer for this.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be positive.")})
    return _apply(
        consumable,
        kind=kind,
        delta=-quantity if kind in OUTGOING else quantity,
        actor=actor,
        note=note,
        usage=usage,
    )


@transaction.atomic
def inventory_count(
    *, consumable: Consumable, counted: Decimal, actor, note: str = ""
) -> StockMovement | None:
    """Record what was counted on the shelf; the difference is kept as an adjustment."""
    if counted < 0:
        raise ValidationError({"counted": _("A count cannot be negative.")})
    current = Consumable.objects.select_for_update().get(pk=consumable.pk)
    delta = counted - current.quantity
    if not delta:
        return None
    return _apply(current, kind=Kind.ADJUSTMENT, delta=delta, actor=actor, note=note or _("Inventory count"))


@transaction.atomic
def transfer(*, consumable: Consumable, to_place: Place, quantity: Decimal, actor) -> Consumable:
    """Move stock to another place; the same supply there is found by name (or created)."""
    if to_place.pk == consumable.place_id:
        raise ValidationError({"to_place": _("Choose another place.")})
    if quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be positive.")})
    target, _created = Consumable.objects.get_or_create(
        place=to_place,
        name=consumable.name,
        defaults={
            "unit": consumable.unit,
            "supplier": consumable.supplier,
            "unit_cost": consumable.unit_cost,
        },
    )
    _apply(consumable, kind=Kind.TRANSFER_OUT, delta=-quantity, actor=actor, note=str(to_place))
    _apply(target, kind=Kind.TRANSFER_IN, delta=quantity, actor=actor, note=str(consumable.place))
    target.refresh_from_db()
    return target


def shopping_list(place: Place):
    """Supplies at or under their threshold, with the quantity to buy to get back to twice the threshold."""
    import tablib

    data = tablib.Dataset(
        headers=[
            _("Supply"),
            _("Supplier"),
            _("Unit"),
            _("In stock"),
            _("Threshold"),
            _("To buy"),
            _("Unit cost (€)"),
        ]
    )
    for item in Consumable.objects.filter(place=place).low().order_by("supplier", "name"):
        to_buy = max(item.reorder_threshold * 2 - item.quantity, Decimal(1))
        data.append(
            [
                item.name,
                item.supplier,
                item.unit,
                item.quantity,
                item.reorder_threshold,
                to_buy,
                item.unit_cost,
            ]
        )
    return data


@transaction.atomic
def consumable_save(*, consumable: Consumable, actor) -> Consumable:
    """Add a supply to a place's list (its stock starts at zero: record a purchase or count it)."""
    created = consumable.pk is None
    consumable.save()
    journal_log(
        actor=actor,
        action="consumable.create" if created else "consumable.update",
        target=consumable,
        place=consumable.place,
    )
    return consumable


def low_stock_digest_targets() -> list[tuple[int, str]]:
    """(place, email) for every fablab manager of a place that has supplies to reorder."""
    from relais.core.models import Membership, Role

    places = set(Consumable.objects.low().values_list("place_id", flat=True))
    memberships = Membership.objects.active().filter(
        role=Role.FABMANAGER, place_id__in=places, user__is_active=True
    )
    return sorted({(m.place_id, m.user.email) for m in memberships.select_related("user")})
