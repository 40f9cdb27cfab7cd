from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import STAFF_ROLES, get_object_in_places_or_404, places_for_user, require_role
from relais.presence import reports, services
from relais.presence.forms import (
    AuditStartForm,
    ObjectiveForm,
    OrganisationSubjectForm,
    TerritoryImportForm,
    TerritorySubjectForm,
)
from relais.presence.models import Audit, AuditBatch, Subject


def get_subject_for_user(request, pk) -> Subject:
    subject = get_object_in_places_or_404(
        Subject.objects.select_related("place__organisation", "latest_audit"), request.user, pk=pk
    )
    require_role(request.user, subject.place, STAFF_ROLES)
    return subject


def get_audit_for_user(request, pk) -> Audit:
    audit = get_object_in_places_or_404(
        Audit.objects.select_related("subject__place__organisation"), request.user, "subject__place", pk=pk
    )
    require_role(request.user, audit.subject.place, STAFF_ROLES)
    return audit


def get_batch_for_user(request, pk) -> AuditBatch:
    batch = get_object_in_places_or_404(
        AuditBatch.objects.select_related("territory__place__organisation"),
        request.user,
        "territory__place",
        pk=pk,
    )
    require_role(request.user, batch.territory.place, STAFF_ROLES)
    return batch


@require_GET
def robot(request):
    return render(request, "presence/robot.html")


@login_required
@require_GET
def subject_list(request):
    subjects = Subject.objects.filter(place__in=places_for_user(request.user, STAFF_ROLES)).select_related(
        "place", "latest_audit"
    )
    kind = request.GET.get("type", "")
    if kind in Subject.Kind.values:
        subjects = subjects.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        subjects = subjects.filter(name__icontains=query)
    page = Paginator(subjects.order_by("kind", "name"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "query": query, "kinds": Subject.Kind.choices}
    template = "presence/_subject_results.html" if is_htmx(request) else "presence/subject_list.html"
    return render(request, template, context)


def _subject_form_class(kind: str):
    return TerritorySubjectForm if kind == Subject.Kind.TERRITORY else OrganisationSubjectForm


@login_required
@require_http_methods(["GET", "POST"])
def subject_create(request):
    places = services.places_for_subjects(request.user)
    if not places:
        raise Http404
    kind = Subject.Kind.TERRITORY if request.GET.get("type") == "territory" else Subject.Kind.ORGANISATION
    form_class = _subject_form_class(kind)
    form = form_class(request.POST or None, places=places, initial={"place": places[0]})
    if request.method == "POST" and form.is_valid():
        subject = form.save(commit=False)
        subject.kind = kind
        try:
            services.subject_save(
                subject=subject, actor=request.user, members=form.cleaned_data.get("members")
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Subject saved."))
            return redirect_after_post(request, subject)
    return render(request, "presence/subject_form.html", {"form": form, "kind": kind, "subject": None})


@login_required
@require_http_methods(["GET", "POST"])
def subject_update(request, pk):
    subject = get_subject_for_user(request, pk)
    places = services.places_for_subjects(request.user)
    form = _subject_form_class(subject.kind)(request.POST or None, instance=subject, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_save(
                subject=form.save(commit=False), actor=request.user, members=form.cleaned_data.get("members")
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Subject saved."))
            return redirect_after_post(request, subject)
    return render(
        request, "presence/subject_form.html", {"form": form, "kind": subject.kind, "subject": subject}
    )


@login_required
@require_GET
def subject_detail(request, pk):
    subject = get_subject_for_user(request, pk)
    context = {"subject": subject, "start_form": AuditStartForm()}
    if subject.is_territory:
        context.update(reports.territory_context(subject))
        return render(request, "presence/territory_detail.html", context)
    context.update(reports.subject_context(subject))
    return render(request, "presence/subject_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def territory_import(request, pk):
    territory = get_subject_for_user(request, pk)
    if not territory.is_territory:
        raise Http404
    form = TerritoryImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.territory_import(
                territory=territory, name=upload.name, content=upload.read(), actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("%(created)s organisations added and %(updated)s updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect_after_post(request, territory)
            errors = result.errors
    return render(
        request, "presence/territory_import.html", {"territory": territory, "form": form, "errors": errors}
    )


@login_required
@require_POST
def audit_start(request, pk):
    subject = get_subject_for_user(request, pk)
    form = AuditStartForm(request.POST)
    if form.is_valid():
        try:
            if subject.is_territory:
                batch = services.batch_start(
                    territory=subject, actor=request.user, pages=form.cleaned_data["pages"]
                )
                messages.success(request, _("The audits of the territory have started."))
                return redirect_after_post(request, "presence:batch-progress", pk=batch.pk)
            audit = services.audit_request(
                subject=subject, actor=request.user, pages=form.cleaned_data["pages"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The audit has started; this page updates by itself."))
            return redirect_after_post(request, audit)
    for error in form.non_field_errors() + form.errors.get("pages", []):
        messages.error(request, error)
    return redirect_after_post(request, subject)


@login_required
@require_GET
def audit_detail(request, pk):
    audit = get_audit_for_user(request, pk)
    context = reports.audit_context(audit)
    template = "presence/_audit_body.html" if is_htmx(request) else "presence/audit_detail.html"
    return render(request, template, context)


def _pdf_response(template: str, context: dict, filename: str, request) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def audit_pdf(request, pk):
    audit = get_audit_for_user(request, pk)
    if not audit.is_finished:
        raise Http404
    context = reports.audit_context(audit) | {"generated_at": timezone.now()}
    return _pdf_response("presence/pdf/audit_report.html", context, f"audit-{audit.pk}.pdf", request)


@login_required
@require_GET
def territory_pdf(request, pk):
    territory = get_subject_for_user(request, pk)
    if not territory.is_territory:
        raise Http404
    context = {"subject": territory, "generated_at": timezone.now()} | reports.territory_context(territory)
    return _pdf_response(
        "presence/pdf/territory_report.html", context, f"territoire-{territory.pk}.pdf", request
    )


@login_required
@require_GET
def batch_progress(request, pk):
    batch = get_batch_for_user(request, pk)
    context = {"batch": batch, "recent": reports.batch_recent(batch)}
    template = "presence/_batch_progress.html" if is_htmx(request) else "presence/batch_progress.html"
    return render(request, template, context)


@login_required
@require_POST
def batch_cancel(request, pk):
    batch = get_batch_for_user(request, pk)
    try:
        services.batch_cancel(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Cancellation requested: audits already finished are kept."))
    return redirect_after_post(request, "presence:batch-progress", pk=batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request, pk):
    audit = get_audit_for_user(request, pk)
    if not audit.is_finished:
        raise Http404
    indicators = services.indicator_choices(audit)
    initial = reports.objective_initial(audit, request.GET.get("controle", ""))
    form = ObjectiveForm(request.POST or None, indicators=indicators, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Objective saved; the next audits will show the progress."))
            return redirect_after_post(request, audit.subject)
    context = {"audit": audit, "form": form, "quick_wins": reports.audit_context(audit)["quick_wins"]}
    return render(request, "presence/objective_form.html", context)
