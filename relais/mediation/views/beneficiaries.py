"""Beneficiary pages: list and search, file with timeline, create/edit with duplicate detection, merge,
and the privacy actions (export, erase, information notice)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import get_place_for_user
from relais.mediation import crcn, services
from relais.mediation.forms import BeneficiaryForm, MergeForm
from relais.mediation.models import Beneficiary
from relais.mediation.selectors import (
    beneficiary_window,
    can_see_beneficiaries,
    get_beneficiary_for_user,
    identity_places,
)

PAGE_SIZE = 30


def _places_or_403(user):
    places = list(identity_places(user))
    if not places:
        raise PermissionDenied
    return places


@login_required
@require_GET
def beneficiary_list(request):
    places = _places_or_403(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        # Anonymised and merged files have an empty search text, so they never match a search.
        people = Beneficiary.objects.filter(place__in=places).search(query)
    else:
        people = Beneficiary.objects.filter(place__in=places, merged_into=None, anonymised_at__isnull=True)
    page = beneficiary_window(people, request.GET.get("page"), PAGE_SIZE, place_ids=[p.pk for p in places])
    context = {"page": page, "query": query, "several_places": len(places) > 1}
    template = "mediation/_beneficiary_rows.html" if is_htmx(request) else "mediation/beneficiary_list.html"
    return render(request, template, context)


def _place_for_new_file(request, places, form):
    slug = request.POST.get("place") or request.GET.get("lieu")
    for place in places:
        if place.slug == slug:
            return place
    return places[0]


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_create(request):
    places = _places_or_403(request.user)
    form = BeneficiaryForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        place = _place_for_new_file(request, places, form)
        try:
            person = services.beneficiary_create(
                actor=request.user,
                place=place,
                allow_duplicate=request.POST.get("allow_duplicate") == "1",
                **form.service_values(),
            )
        except ValidationError as error:
            if error.code == "duplicate":
                duplicates = list(
                    services.beneficiary_duplicates(
                        place=place, **_identity(form.cleaned_data)
                    ).select_related("place")
                )
            form.add_error(None, error)
        else:
            messages.success(request, _("File created."))
            return redirect_after_post(request, person.get_absolute_url())
    context = {
        "form": form,
        "places": places,
        "duplicates": duplicates,
        "chosen_place": request.POST.get("place"),
    }
    return render(request, "mediation/beneficiary_form.html", context)


def _identity(data):
    return {key: data.get(key) for key in ("first_name", "last_name", "birth_year", "phone", "email")}


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_update(request, pk):
    person = get_beneficiary_for_user(request.user, pk)
    if person.is_anonymised:
        raise PermissionDenied
    form = BeneficiaryForm(request.POST or None, instance=None, initial=_initial(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.beneficiary_update(actor=request.user, beneficiary=person, **form.service_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("File updated."))
            return redirect_after_post(request, person.get_absolute_url())
    return render(
        request, "mediation/beneficiary_form.html", {"form": form, "person": person, "duplicates": []}
    )


def _initial(person: Beneficiary) -> dict:
    return {name: getattr(person, name) for name in BeneficiaryForm.Meta.fields}


@login_required
@require_GET
def beneficiary_detail(request, pk):
    person = get_beneficiary_for_user(request.user, pk)
    duplicates = services.beneficiary_duplicates(
        place=person.place, exclude_pk=person.pk, **_identity(person.__dict__)
    )
    autonomy = services.autonomy_over_time(person)
    context = {
        "person": person,
        "timeline": services.beneficiary_timeline(person),
        "autonomy": autonomy,
        "autonomy_chart": _autonomy_chart(autonomy),
        "progress": services.assessment_progress(person),
        "duplicates": list(duplicates[:5]),
        "domains": crcn.DOMAINS,
    }
    return render(request, "mediation/beneficiary_detail.html", context)


def _autonomy_chart(rows: list[dict]) -> dict | None:
    """Points of a small SVG line chart (one per accompaniment, score 1–3)."""
    if len(rows) < 2:
        return None
    width, height, step = 600, 120, 600 / (len(rows) - 1)
    points = [
        (round(i * step, 1), round(height - 20 - (row["score"] - 1) * 40, 1)) for i, row in enumerate(rows)
    ]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": [{"x": x, "y": y, "row": row} for (x, y), row in zip(points, rows, strict=True)],
    }


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_merge(request, pk):
    person = get_beneficiary_for_user(request.user, pk)
    candidates = Beneficiary.objects.filter(
        place=person.place, merged_into=None, anonymised_at__isnull=True
    ).exclude(pk=person.pk)
    suggested = request.GET.get("avec")
    form = MergeForm(request.POST or None, candidates=candidates, initial={"source": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            services.beneficiary_merge(actor=request.user, source=form.cleaned_data["source"], target=person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Files merged."))
            return redirect_after_post(request, person.get_absolute_url())
    return render(request, "mediation/beneficiary_merge.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_erase(request, pk):
    person = get_beneficiary_for_user(request.user, pk)
    if request.method == "POST":
        services.beneficiary_erase(actor=request.user, beneficiary=person)
        messages.success(request, _("The identity was erased; the figures are unchanged."))
        return redirect_after_post(request, "mediation:beneficiary-list")
    return render(request, "mediation/beneficiary_erase.html", {"person": person})


@login_required
@require_GET
def beneficiary_export_json(request, pk):
    person = get_beneficiary_for_user(request.user, pk)
    data = services.beneficiary_export_data(person)
    services.log_personal_data_export(actor=request.user, beneficiary=person, fmt="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="beneficiaire-{person.pk}.json"'
    return response


@login_required
@require_GET
def beneficiary_export_pdf(request, pk):
    from weasyprint import HTML

    person = get_beneficiary_for_user(request.user, pk)
    data = services.beneficiary_export_data(person)
    html = render_to_string(
        "mediation/beneficiary_export_pdf.html",
        {"person": person, "data": data, "generated_at": timezone.now()},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    services.log_personal_data_export(actor=request.user, beneficiary=person, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="beneficiaire-{person.pk}.pdf"'
    return response


@login_required
@require_GET
def information_notice(request, slug):
    place = get_place_for_user(request, slug)
    if not can_see_beneficiaries(request.user, place):
        raise PermissionDenied
    context = {"place": place, "retention_months": services.retention_months()}
    return render(request, "mediation/information_notice.html", context)
