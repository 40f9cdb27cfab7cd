"""The partner directory: list with search and filters, entries, vCards, import, export, skills."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import has_role
from relais.projects import partners as directory
from relais.projects import services
from relais.projects.forms import ContactForm, PartnerFilterForm, PartnerForm, PartnerImportForm, SkillForm
from relais.projects.models import Partner, PartnerContact, Skill
from relais.projects.permissions import (
    DIRECTORY_ROLES,
    directory_places,
    get_partner_for_user,
    require_partner_editor,
)


def _require_directory_role(user) -> None:
    if not directory_places(user).exists():
        raise PermissionDenied


def filtered_partners(user, data) -> tuple[PartnerFilterForm, object]:
    form = PartnerFilterForm(data or None)
    partners = Partner.objects.visible_to(user).select_related("place").prefetch_related("skills")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            words = data["q"].split()
            for word in words:
                partners = partners.filter(
                    Q(name__icontains=word)
                    | Q(description__icontains=word)
                    | Q(resources__icontains=word)
                    | Q(skills__name__icontains=word)
                    | Q(contacts__last_name__icontains=word)
                )
            partners = partners.distinct()  # the search joins skills and contacts
        if data["kind"]:
            partners = partners.filter(kind=data["kind"])
        if data["skill"]:
            partners = partners.filter(skills=data["skill"])
        if data["commune"]:
            partners = partners.filter(Q(commune__icontains=data["commune"]) | Q(insee_code=data["commune"]))
        if data["availability"]:
            partners = partners.filter(availability=data["availability"])
        if data["contact"]:
            partners = partners.filter(accepts_contact=True)
    return form, partners.order_by("name")


@login_required
@require_GET
def partner_list(request):
    form, partners = filtered_partners(request.user, request.GET)
    page = Paginator(partners, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_edit": directory_places(request.user).exists()}
    template = "projects/_partner_results.html" if is_htmx(request) else "projects/partner_list.html"
    return render(request, template, context)


def _can_see_contacts(user, partner) -> bool:
    return partner.accepts_contact or has_role(user, partner.place, DIRECTORY_ROLES)


@login_required
@require_GET
def partner_detail(request, pk):
    partner = get_partner_for_user(request, pk)
    context = {
        "partner": partner,
        "contacts": partner.contacts.all(),
        "can_edit": has_role(request.user, partner.place, DIRECTORY_ROLES),
        "show_contacts": _can_see_contacts(request.user, partner),
        "projects": partner.project_memberships.select_related("project").filter(
            project__place__in=directory_places(request.user)
        ),
    }
    return render(request, "projects/partner_detail.html", context)


@login_required
@require_GET
def partner_vcard(request, pk):
    partner = get_partner_for_user(request, pk)
    content = directory.partner_vcard(partner, with_contacts=_can_see_contacts(request.user, partner))
    response = HttpResponse(content, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(partner.name) or "partenaire"}.vcf"'
    return response


def _partner_form_view(request, partner: Partner, template: str, success: str):
    places = directory_places(request.user)
    form = PartnerForm(request.POST or None, instance=partner, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            saved = directory.partner_save(
                actor=request.user,
                partner=form.save(commit=False),
                skills=form.cleaned_data["skills"],
                contact=form.contact_data(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect_after_post(request, saved)
    return render(request, template, {"form": form, "partner": partner})


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    _require_directory_role(request.user)
    return _partner_form_view(
        request, Partner(), "projects/partner_form.html", _("Partner added to the directory.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = get_partner_for_user(request, pk)
    require_partner_editor(request.user, partner)
    return _partner_form_view(request, partner, "projects/partner_form.html", _("Partner updated."))


@login_required
@require_http_methods(["POST"])
def partner_delete(request, pk):
    partner = get_partner_for_user(request, pk)
    require_partner_editor(request.user, partner)
    directory.partner_delete(actor=request.user, partner=partner)
    messages.success(request, _("Partner removed from the directory."))
    return redirect_after_post(request, "projects:partner-list")


@login_required
@require_http_methods(["GET", "POST"])
def partner_import(request):
    _require_directory_role(request.user)
    form = PartnerImportForm(
        request.POST or None, request.FILES or None, places=directory_places(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = directory.partners_import(
                actor=request.user, place=form.cleaned_data["place"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Import done: %(created)s partners added, %(updated)s updated.") % result,
            )
            return redirect_after_post(request, "projects:partner-list")
    return render(request, "projects/partner_import.html", {"form": form, "columns": directory.COLUMNS})


@login_required
@require_GET
def partner_export(request):
    _require_directory_role(request.user)
    file_format = request.GET.get("format", "csv")
    if file_format not in directory.EXPORT_FORMATS:
        file_format = "csv"
    partners = (
        Partner.objects.editable_by(request.user).prefetch_related("skills", "contacts").order_by("name")
    )
    content = directory.partners_export(actor=request.user, partners=partners, file_format=file_format)
    response = HttpResponse(content, content_type=directory.EXPORT_FORMATS[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="partenaires-{stamp}.{file_format}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def skill_list(request):
    skills = Skill.objects.all()
    can_edit = directory_places(request.user).exists()
    form = SkillForm(request.POST or None)
    if request.method == "POST":
        _require_directory_role(request.user)
        if form.is_valid():
            try:
                services.skill_save(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Skill added to the shared vocabulary."))
                return redirect_after_post(request, "projects:skill-list")
    return render(request, "projects/skill_list.html", {"skills": skills, "form": form, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def skill_update(request, pk):
    _require_directory_role(request.user)
    skill = get_object_or_404(Skill, pk=pk)
    form = SkillForm(request.POST or None, instance=skill)
    if request.method == "POST" and form.is_valid():
        try:
            services.skill_save(actor=request.user, skill=skill, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Skill updated."))
            return redirect_after_post(request, "projects:skill-list")
    return render(request, "projects/skill_form.html", {"form": form, "skill": skill})


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    partner = get_partner_for_user(request, pk)
    require_partner_editor(request.user, partner)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directory.contact_add(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact person added."))
            return redirect_after_post(request, partner)
    return render(request, "projects/contact_form.html", {"form": form, "partner": partner})


@login_required
@require_http_methods(["POST"])
def contact_delete(request, pk, contact_pk):
    partner = get_partner_for_user(request, pk)
    require_partner_editor(request.user, partner)
    contact = get_object_or_404(PartnerContact, pk=contact_pk, partner=partner)
    directory.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("Contact person removed."))
    return redirect_after_post(request, partner)
