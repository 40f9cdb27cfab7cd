from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import redirect_after_post
from relais.core.scoping import places_for_user
from relais.fablab import access, stock
from relais.fablab.forms import ConsumableForm, InventoryForm, MovementForm, TransferForm
from relais.fablab.models import Consumable, StockMovement
from relais.fablab.rules import MANAGER_ROLES

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _forms(request, place, bound: str | None):
    data = request.POST if request.method == "POST" else None
    places = places_for_user(request.user, MANAGER_ROLES)
    return {
        "item_form": ConsumableForm(data if bound == "item" else None, place=place),
        "movement_form": MovementForm(data if bound == "movement" else None, place=place),
        "inventory_form": InventoryForm(data if bound == "inventory" else None, place=place),
        "transfer_form": TransferForm(data if bound == "transfer" else None, place=place, places=places),
    }


def _run(form_name: str, form, request, place):
    data = form.cleaned_data
    if form_name == "item":
        stock.consumable_save(consumable=form.save(commit=False), actor=request.user)
    elif form_name == "movement":
        stock.movement_record(actor=request.user, **data)
    elif form_name == "inventory":
        stock.inventory_count(consumable=data["consumable"], counted=data["counted"], actor=request.user)
    else:
        stock.transfer(actor=request.user, **data)


@login_required
@require_http_methods(["GET", "POST"])
def stock_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    bound = request.POST.get("form") if request.method == "POST" else None
    forms = _forms(request, place, bound)
    form = forms.get(f"{bound}_form")
    if form is not None and form.is_valid():
        try:
            _run(bound, form, request, place)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Stock updated."))
            return redirect_after_post(request, "fablab:stock-list", place_slug=place.slug)
    context = {
        "place": place,
        "items": Consumable.objects.filter(place=place).order_by("name"),
        "movements": StockMovement.objects.filter(consumable__place=place).select_related(
            "consumable", "actor"
        )[:30],
        **forms,
    }
    return render(request, "fablab/stock_list.html", context)


@login_required
@require_GET
def shopping_list(request, place_slug, export):
    place = access.get_place_for_manager(request, place_slug)
    if export not in EXPORT_TYPES:
        raise Http404
    data = stock.shopping_list(place).export(export)
    response = HttpResponse(data, content_type=EXPORT_TYPES[export])
    response["Content-Disposition"] = f'attachment; filename="liste-de-courses-{place.slug}.{export}"'
    return response
