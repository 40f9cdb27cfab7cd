from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import redirect_after_post
from relais.fablab import access, loans
from relais.fablab.forms import CheckoutForm, LendableItemForm, ReturnForm
from relais.fablab.models import LendableItem, Loan


@login_required
@require_http_methods(["GET", "POST"])
def loan_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = LendableItemForm(request.POST or None, place=place)
    if form.is_valid():
        loans.item_save(item=form.save(commit=False), actor=request.user)
        messages.success(request, _("Equipment added."))
        return redirect_after_post(request, "fablab:loan-list", place_slug=place.slug)
    items = list(LendableItem.objects.filter(place=place, is_active=True))
    open_loans = {
        loan.item_id: loan for loan in Loan.objects.filter(item__place=place, returned_at__isnull=True)
    }
    for item in items:
        item.open_loan = open_loans.get(item.pk)
    events = sorted(
        {loan.borrower for loan in open_loans.values() if loan.borrower_kind == Loan.BorrowerKind.EVENT}
    )
    return render(
        request, "fablab/loan_list.html", {"place": place, "items": items, "form": form, "events": events}
    )


def _item(request, place_slug, pk) -> LendableItem:
    place = access.get_place_for_manager(request, place_slug)
    return get_object_or_404(LendableItem.objects.select_related("place"), place=place, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def loan_checkout(request, place_slug, pk):
    item = _item(request, place_slug, pk)
    form = CheckoutForm(request.POST or None, item=item)
    if form.is_valid():
        try:
            loans.loan_checkout(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Loan recorded."))
            return redirect_after_post(request, "fablab:loan-list", place_slug=item.place.slug)
    return render(request, "fablab/loan_checkout.html", {"item": item, "place": item.place, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def loan_return(request, pk):
    loan = get_object_or_404(Loan.objects.select_related("item__place"), pk=pk)
    place = access.get_place_for_manager(request, loan.item.place.slug)
    form = ReturnForm(request.POST or None, loan=loan, initial={"accessories": loan.accessories_out})
    if form.is_valid():
        try:
            loans.loan_return(loan=loan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Equipment checked back in."))
            return redirect_after_post(request, "fablab:loan-list", place_slug=place.slug)
    return render(request, "fablab/loan_return.html", {"loan": loan, "place": place, "form": form})


@login_required
@require_GET
def item_history(request, place_slug, pk):
    item = _item(request, place_slug, pk)
    history = item.loans.select_related("checked_out_by", "returned_by")
    return render(
        request, "fablab/item_history.html", {"item": item, "place": item.place, "history": history}
    )


@login_required
@require_GET
def packing_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    event = request.GET.get("evenement", "")
    event_loans = Loan.objects.filter(
        item__place=place, borrower_kind=Loan.BorrowerKind.EVENT, borrower=event, returned_at__isnull=True
    ).select_related("item")
    return render(request, "fablab/packing_list.html", {"place": place, "event": event, "loans": event_loans})
