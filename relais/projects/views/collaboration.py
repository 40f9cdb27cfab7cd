"""Finding and inviting contributors, participatory events, documentation, gallery, coordination log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import redirect_after_post
from relais.core.scoping import places_for_user
from relais.projects import events as event_services
from relais.projects import services
from relais.projects.forms import (
    ContributorProfileForm,
    CoordinationActivityForm,
    DocumentationForm,
    EventLinkForm,
    InvitationForm,
    OutputForm,
    ProjectEventForm,
    StepForm,
)
from relais.projects.matching import project_matches
from relais.projects.models import (
    ContributorProfile,
    CoordinationActivity,
    DocumentationStep,
    Partner,
    Project,
    ProjectEvent,
)
from relais.projects.partners import EXPORT_FORMATS
from relais.projects.permissions import (
    COORDINATION_ROLES,
    can_edit_project,
    get_project_for_user,
    require_project_editor,
)


@login_required
@require_GET
def project_matches_view(request, pk):
    project = get_project_for_user(request, pk)
    context = {
        "project": project,
        "matches": project_matches(project),
        "skills": project.needed_skills.all(),
        "can_edit": can_edit_project(request.user, project),
    }
    return render(request, "projects/project_matches.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request, pk, kind, target_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    if kind == "partenaire":
        target = {"partner": get_object_or_404(Partner.objects.visible_to(request.user), pk=target_pk)}
    elif kind == "personne":
        target = {"user": get_object_or_404(get_user_model(), pk=target_pk, is_active=True)}
    else:
        raise Http404
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, project=project, **target, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent by email."))
            return redirect_after_post(request, "projects:project-matches", pk=project.pk)
    invitee = target.get("partner") or target.get("user")
    return render(
        request, "projects/invitation_form.html", {"form": form, "project": project, "invitee": invitee}
    )


@require_http_methods(["GET", "POST"])
def invitation_respond(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            error = _("Choose to accept or to decline.")
        else:
            try:
                services.invitation_respond(invitation=invitation, accept=answer == "accept")
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                invitation.refresh_from_db()
                if answer == "accept":
                    messages.success(request, _("Thank you: you are now in the team."))
                else:
                    messages.info(request, _("You declined the invitation. Thank you for answering."))
    return render(request, "projects/invitation_respond.html", {"invitation": invitation, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def project_event_create(request, pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    form = ProjectEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = event_services.project_event_create(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Event created in the programme and linked to the project."))
            return redirect_after_post(
                request, "projects:project-event-detail", pk=project.pk, link_pk=link.pk
            )
    context = {"form": form, "project": project, "link_form": EventLinkForm(project=project)}
    return render(request, "projects/project_event_form.html", context)


@login_required
@require_http_methods(["POST"])
def project_event_link(request, pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    form = EventLinkForm(request.POST, project=project)
    if form.is_valid():
        link = event_services.project_event_link(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Event linked to the project."))
        return redirect_after_post(request, "projects:project-event-detail", pk=project.pk, link_pk=link.pk)
    context = {"form": ProjectEventForm(), "project": project, "link_form": form}
    return render(request, "projects/project_event_form.html", context)


def _link_for(request, pk, link_pk) -> tuple[Project, ProjectEvent]:
    project = get_project_for_user(request, pk)
    link = get_object_or_404(ProjectEvent.objects.select_related("event"), pk=link_pk, project=project)
    return project, link


@login_required
@require_http_methods(["GET", "POST"])
def project_event_detail(request, pk, link_pk):
    project, link = _link_for(request, pk, link_pk)
    can_edit = can_edit_project(request.user, project)
    form = OutputForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_project_editor(request.user, project)
        if form.is_valid():
            try:
                event_services.output_create(actor=request.user, link=link, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Output recorded."))
                return redirect_after_post(
                    request, "projects:project-event-detail", pk=project.pk, link_pk=link.pk
                )
    context = {
        "project": project,
        "link": link,
        "form": form,
        "can_edit": can_edit,
        "sessions": link.event.sessions.order_by("start_at"),
        "outputs": link.outputs.all(),
        "has_started": event_services.event_has_started(link),
        "recipients": len(event_services.digest_recipients(link)) if can_edit else 0,
    }
    return render(request, "projects/project_event_detail.html", context)


@login_required
@require_http_methods(["POST"])
def digest_send(request, pk, link_pk):
    project, link = _link_for(request, pk, link_pk)
    require_project_editor(request.user, project)
    try:
        event_services.digest_send(actor=request.user, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The outputs are being sent to the participants."))
    return redirect_after_post(request, "projects:project-event-detail", pk=project.pk, link_pk=link.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_documentation(request, pk):
    project = get_project_for_user(request, pk)
    can_edit = can_edit_project(request.user, project)
    form = DocumentationForm(request.POST or None, instance=project)
    if request.method == "POST":
        require_project_editor(request.user, project)
        if form.is_valid():
            services.project_update(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("Documentation saved."))
            return redirect_after_post(request, "projects:project-documentation", pk=project.pk)
    context = {
        "project": project,
        "form": form,
        "can_edit": can_edit,
        "steps": project.steps.all(),
        "step_form": StepForm(),
    }
    return render(request, "projects/project_documentation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_create(request, pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    form = StepForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Step added."))
            return redirect_after_post(request, "projects:project-documentation", pk=project.pk)
    return render(request, "projects/step_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["POST"])
def step_delete(request, pk, step_pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    step = get_object_or_404(DocumentationStep, pk=step_pk, project=project)
    services.step_delete(actor=request.user, step=step)
    messages.success(request, _("Step removed."))
    return redirect_after_post(request, "projects:project-documentation", pk=project.pk)


@login_required
@require_http_methods(["POST"])
def project_publish(request, pk):
    project = get_project_for_user(request, pk)
    require_project_editor(request.user, project)
    publish = request.POST.get("publish") == "1"
    try:
        services.project_publish(actor=request.user, project=project, publish=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Published in the gallery.") if publish else _("Withdrawn from the gallery.")
        )
    return redirect_after_post(request, "projects:project-documentation", pk=project.pk)


@require_GET
def gallery(request):
    projects = (
        Project.objects.published()
        .select_related("place")
        .prefetch_related("steps")
        .order_by("-published_at")
    )
    page = Paginator(projects, 24).get_page(request.GET.get("page"))
    return render(request, "projects/gallery.html", {"page": page})


@require_GET
def gallery_detail(request, pk):
    project = get_object_or_404(Project.objects.published().select_related("place"), pk=pk)
    context = {
        "project": project,
        "steps": project.steps.all(),
        "members": project.members.select_related("user", "partner"),
    }
    return render(request, "projects/gallery_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contributor_profile(request):
    profile = ContributorProfile.objects.filter(user=request.user).first() or ContributorProfile(
        user=request.user
    )
    form = ContributorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.contributor_profile_save(user=request.user, skills=data.pop("skills"), **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your contributor profile is saved."))
            return redirect_after_post(request, "projects:contributor-profile")
    return render(request, "projects/contributor_profile.html", {"form": form})


def _coordination_places(user):
    places = places_for_user(user, COORDINATION_ROLES).order_by("name")
    if not places.exists():
        raise PermissionDenied
    return places


@login_required
@require_http_methods(["GET", "POST"])
def activity_list(request):
    places = _coordination_places(request.user)
    form = CoordinationActivityForm(
        request.POST or None,
        places=places,
        projects=Project.objects.filter(place__in=places).order_by("title"),
        partners=Partner.objects.visible_to(request.user).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coordination_activity_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Time recorded."))
            return redirect_after_post(request, "projects:activity-list")
    activities = _own_activities(request.user)
    totals = {
        row["kind"]: row["minutes"]
        for row in activities.values("kind").annotate(minutes=Sum("duration_minutes"))
    }
    summary = [(label, totals.get(code, 0)) for code, label in CoordinationActivity.Kind.choices]
    page = Paginator(activities, 30).get_page(request.GET.get("page"))
    return render(request, "projects/activity_list.html", {"form": form, "page": page, "summary": summary})


def _own_activities(user):
    return (
        CoordinationActivity.objects.filter(user=user)
        .select_related("project", "place")
        .prefetch_related("partners")
    )


@login_required
@require_GET
def activity_export(request):
    _coordination_places(request.user)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        file_format = "csv"
    activities = _own_activities(request.user)
    content = services.coordination_export(actor=request.user, activities=activities, file_format=file_format)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="temps-de-coordination.{file_format}"'
    return response
