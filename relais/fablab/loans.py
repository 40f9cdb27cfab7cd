"""Equipment loans: check out with the accessories, check back in with the condition, overdue reminders."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.fablab import tasks
from relais.fablab.models import LendableItem, Loan

REMINDER_EVERY_DAYS = 7


@transaction.atomic
def item_save(*, item: LendableItem, actor) -> LendableItem:
    created = item.pk is None
    item.save()
    journal_log(
        actor=actor, action="lendable.create" if created else "lendable.update", target=item, place=item.place
    )
    return item


@transaction.atomic
def loan_checkout(
    *,
    item: LendableItem,
    borrower_kind: str,
    borrower: str,
    due_on: date,
    accessories: list[str],
    actor,
    email: str = "",
) -> Loan:
    """Lend an item; it cannot be lent twice at once (the database refuses a second open loan)."""
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The return date cannot be in the past.")})
    unknown = [name for name in accessories if name not in item.accessory_lines()]
    if unknown:
        raise ValidationError(_("Unknown accessories: %(names)s.") % {"names": ", ".join(unknown)})
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                item=item,
                borrower_kind=borrower_kind,
                borrower=borrower.strip(),
                email=email,
                due_on=due_on,
                accessories_out=list(accessories),
                checked_out_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(_("“%(item)s” is already lent.") % {"item": item}) from error
    journal_log(actor=actor, action="loan.checkout", target=loan, place=item.place, borrower=borrower)
    return loan


@transaction.atomic
def loan_return(*, loan: Loan, accessories: list[str], condition: str, actor, note: str = "") -> Loan:
    """Check an item back in: which accessories came back and in what condition."""
    loan = Loan.objects.select_for_update().select_related("item__place").get(pk=loan.pk)
    if not loan.is_open:
        raise ValidationError(_("This loan is already closed."))
    if condition not in Loan.Condition.values:
        raise ValidationError({"condition": _("Say in what condition it came back.")})
    loan.returned_at, loan.returned_by = timezone.now(), actor
    loan.accessories_back = [name for name in accessories if name in loan.accessories_out]
    loan.condition, loan.return_note = condition, note[:300]
    loan.save()
    journal_log(
        actor=actor,
        action="loan.return",
        target=loan,
        place=loan.item.place,
        condition=condition,
        missing=loan.missing_accessories,
    )
    return loan


def loans_remind_overdue(*, today: date | None = None) -> int:
    """Daily: remind overdue borrowers who left an email, then again every week until it comes back."""
    today = today or timezone.localdate()
    sent = 0
    due = Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - timedelta(days=REMINDER_EVERY_DAYS))
    overdue = Loan.objects.filter(returned_at__isnull=True, due_on__lt=today).exclude(email="")
    for pk in overdue.filter(due).values_list("pk", flat=True):
        if Loan.objects.filter(due, pk=pk).update(reminded_on=today):
            transaction.on_commit(lambda pk=pk: tasks.send_loan_reminder(pk))
            sent += 1
    return sent
