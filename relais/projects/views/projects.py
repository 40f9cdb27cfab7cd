"""Projects: list, creation, page, brief, economic model, budget, milestones, team, PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.scoping import places_for_user
from relais.projects import services
from relais.projects.forms import (
    BriefForm,
    BudgetLineForm,
    CanvasForm,
    MemberForm,
    MilestoneForm,
    ProjectForm,
)
from relais.projects.models import BudgetLine, Milestone, Partner, Project, ProjectMember
from relais.projects.permissions import (
    COORDINATION_ROLES,
    can_edit_project,
    get_project_for_user,
    project_places,
    require_project_editor,
)


@login_required
@require_GET
def project_list(request):
    projects = (
        Project.objects.for_user(request.user)
        .select_related("place", "owner")
        .annotate(team_size=Count("members"))
        .order_by("-updated_at", "pk")
    )
    status = request.GET.get("statut", "")
    if status in Project.Status.values:
        projects = projects.filter(status=status)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Project.Status.choices,
        "status": status,
        "can_create": project_places(request.user).exists(),
        "can_log_time": places_for_user(request.user, COORDINATION_ROLES).exists(),
    }
    template = "projects/_project_rows.html" if is_htmx(request) else "projects/project_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    places = project_places(request.user)
    if not places.exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = services.project_create(
                actor=request.user, needed_skills=data.pop("needed_skills"), **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Project created. Now describe its brief."))
            return redirect_after_post(request, project)
    return render(request, "projects/project_form.html", {"form": form})


def project_context(request, project: Project) -> dict:
    return {
        "project": project,
        "can_edit": can_edit_project(request.user, project),
        "totals": project.budget_totals(),
    }


@login_required
@require_GET
def project_detail(request, pk):
    project = get_project_for_user(request, pk)
    context = project_context(request, project)
    context.update(
        {
            "members": project.members.select_related("user", "partner"),
            "milestones": project.milestones.all(),
            "skills": project.needed_skills.all(),
            "events": project.events.select_related("event").prefetch_related("outputs", "event__sessions"),
            "steps": project.steps.all(),
            "invitations": project.invitations.pending().select_related("user", "partner"),
        }
    )
    return render(request, "projects/project_detail.html", context)


def _project_form(request, pk, form_class, template: str, success: str):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    form = form_class(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.project_update(actor=request.user, project=project, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect_after_post(request, project)
    return render(request, template, {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request, pk):
    return _project_form(request, pk, ProjectForm, "projects/project_update.html", _("Project updated."))


@login_required
@require_http_methods(["GET", "POST"])
def project_brief(request, pk):
    return _project_form(request, pk, BriefForm, "projects/project_brief.html", _("Brief saved."))


@login_required
@require_http_methods(["GET", "POST"])
def project_canvas(request, pk):
    return _project_form(request, pk, CanvasForm, "projects/project_canvas.html", _("Economic model saved."))


@login_required
@require_GET
def project_pdf(request, pk):
    from weasyprint import HTML

    project = get_project_for_user(request, pk)
    context = project_context(request, project)
    context.update(
        {
            "lines": project.budget_lines.all(),
            "milestones": project.milestones.all(),
            "skills": project.needed_skills.all(),
            "members": project.members.select_related("user", "partner"),
        }
    )
    html = render_to_string("projects/project_brief_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="cahier-des-charges-{slugify(project.title)}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def project_budget(request, pk):
    project = get_project_for_user(request, pk)
    can_edit = can_edit_project(request.user, project)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST":
        require_project_editor(request.user, project)
        if form.is_valid():
            try:
                services.budget_line_create(actor=request.user, project=project, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Budget line added."))
                return redirect_after_post(request, "projects:project-budget", pk=project.pk)
    context = {**project_context(request, project), "form": form, "can_edit": can_edit}
    context["expenses"] = project.budget_lines.filter(kind=BudgetLine.Kind.EXPENSE)
    context["funding"] = project.budget_lines.filter(kind=BudgetLine.Kind.FUNDING)
    template = "projects/_budget.html" if is_htmx(request) else "projects/project_budget.html"
    return render(request, template, context)


@login_required
@require_http_methods(["POST"])
def budget_line_delete(request, pk, line_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    line = get_object_or_404(BudgetLine, pk=line_pk, project=project)
    services.budget_line_delete(actor=request.user, line=line)
    messages.success(request, _("Budget line removed."))
    return redirect_after_post(request, "projects:project-budget", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect_after_post(request, project)
    return render(request, "projects/milestone_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["POST"])
def milestone_toggle(request, pk, milestone_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    services.milestone_toggle(actor=request.user, milestone=milestone)
    return redirect_after_post(request, project)


@login_required
@require_http_methods(["POST"])
def milestone_delete(request, pk, milestone_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, _("Milestone removed."))
    return redirect_after_post(request, project)


@login_required
@require_http_methods(["GET", "POST"])
def project_team(request, pk):
    project = get_project_for_user(request, pk)
    can_edit = can_edit_project(request.user, project)
    partners = (
        Partner.objects.visible_to(request.user)
        .exclude(project_memberships__project=project)
        .order_by("name")
    )
    form = MemberForm(request.POST or None, partners=partners)
    if request.method == "POST":
        require_project_editor(request.user, project)
        if form.is_valid():
            services.member_add(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("Partner added to the team."))
            return redirect_after_post(request, "projects:project-team", pk=project.pk)
    context = {
        "project": project,
        "form": form,
        "can_edit": can_edit,
        "members": project.members.select_related("user", "partner"),
        "invitations": project.invitations.select_related("user", "partner")[:50],
    }
    return render(request, "projects/project_team.html", context)


@login_required
@require_http_methods(["POST"])
def member_remove(request, pk, member_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    member = get_object_or_404(ProjectMember, pk=member_pk, project=project)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the team."))
    return redirect_after_post(request, "projects:project-team", pk=project.pk)
