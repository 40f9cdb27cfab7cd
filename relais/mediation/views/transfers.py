"""Import (upload → preview → confirm) and export pages for activities and beneficiaries."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import redirect_after_post
from relais.core.journal import journal_log
from relais.mediation import transfers
from relais.mediation.forms import ActivityFilterForm, UploadForm
from relais.mediation.models import Beneficiary
from relais.mediation.selectors import (
    ActivityFilters,
    activities_for_user,
    activity_places,
    identity_place_ids,
    identity_places,
    recording_places,
)
from relais.mediation.views.activities import _tags_for, team_of

SESSION_KEY = "mediation_import"
KINDS = {
    "activities": {
        "places": recording_places,
        "check": transfers.check_activities,
        "run": transfers.import_activities,
        "done": "mediation:activity-list",
        "title": _("Import activities"),
    },
    "beneficiaries": {
        "places": identity_places,
        "check": transfers.check_beneficiaries,
        "run": transfers.import_beneficiaries,
        "done": "mediation:beneficiary-list",
        "title": _("Import beneficiary files"),
    },
}


def _attachment(content: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=transfers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    return response


@login_required
@require_GET
def activity_export(request):
    places = list(activity_places(request.user))
    if not places:
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in transfers.FORMATS:
        raise Http404
    form = ActivityFilterForm(request.GET, places=places, authors=team_of(places), tags=_tags_for(places))
    filters = ActivityFilters.from_cleaned(form.cleaned_data) if form.is_valid() else ActivityFilters()
    queryset = activities_for_user(request.user, filters)
    scope = {filters.place} if filters.place else {place.pk for place in places}
    with_identities = scope <= identity_place_ids(request.user)
    content = transfers.export_activities(queryset, fmt, with_identities=with_identities)
    journal_log(actor=request.user, action="activity.export", format=fmt, identities=with_identities)
    return _attachment(content, fmt, "activites")


@login_required
@require_GET
def beneficiary_export(request):
    places = list(identity_places(request.user))
    if not places:
        raise PermissionDenied
    fmt = request.GET.get("format", "csv")
    if fmt not in transfers.FORMATS:
        raise Http404
    queryset = Beneficiary.objects.filter(place__in=places, merged_into=None, anonymised_at__isnull=True)
    content = transfers.export_beneficiaries(queryset, fmt)
    journal_log(actor=request.user, action="beneficiary.export_all", format=fmt, count=queryset.count())
    return _attachment(content, fmt, "beneficiaires")


def _upload(request, kind: str):
    config = KINDS[kind]
    places = config["places"](request.user)
    if not places.exists():
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, places=places)
    context = {"form": form, "kind": kind, "title": config["title"], "report": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        place = form.cleaned_data["place"]
        try:
            dataset = transfers.read_table(content, upload.name)
        except Exception:  # noqa: BLE001 — any unreadable file is the user's to fix, not a server error
            form.add_error("file", _("This file could not be read. Expected a CSV, XLSX or ODS table."))
            return render(request, "mediation/import.html", context)
        report, _rows = config["check"](dataset, place)
        token = ""
        if report.is_valid and report.valid:
            token = uuid.uuid4().hex
            extension = upload.name.rsplit(".", 1)[-1].lower()
            path = default_storage.save(f"mediation/imports/{token}.{extension}", ContentFile(content))
            request.session[SESSION_KEY] = {"token": token, "path": path, "kind": kind, "place": place.pk,
                                            "name": upload.name}  # fmt: skip
        context.update(report=report, token=token, place=place)
    return render(request, "mediation/import.html", context)


def _confirm(request, kind: str):
    config = KINDS[kind]
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("token") != request.POST.get("token") or pending.get("kind") != kind:
        messages.error(request, _("This import expired: please upload the file again."))
        return redirect_after_post(
            request, f"mediation:{'activity' if kind == 'activities' else 'beneficiary'}-import"
        )
    place = config["places"](request.user).filter(pk=pending["place"]).first()
    if place is None:
        raise PermissionDenied
    with default_storage.open(pending["path"], "rb") as handle:
        dataset = transfers.read_table(handle.read(), pending["name"])
    if kind == "activities":
        report = config["run"](dataset, place=place, actor=request.user, source_label=pending["name"])
    else:
        report = config["run"](dataset, place=place, actor=request.user)
    default_storage.delete(pending["path"])
    del request.session[SESSION_KEY]
    if not report.is_valid:
        messages.error(request, _("The file changed and is no longer valid: nothing was imported."))
    else:
        messages.success(
            request,
            _("%(created)s rows imported, %(skipped)s already present.")
            % {"created": report.created, "skipped": report.skipped},
        )
    return redirect_after_post(request, config["done"])


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request):
    return _upload(request, "activities")


@login_required
@require_POST
def activity_import_confirm(request):
    return _confirm(request, "activities")


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_import(request):
    return _upload(request, "beneficiaries")


@login_required
@require_POST
def beneficiary_import_confirm(request):
    return _confirm(request, "beneficiaries")
