"""The moderation queue: contributions to review, reported content, held comments, appeals; bulk actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import redirect_after_post
from relais.knowledge import access
from relais.knowledge.forms import ContributionDecisionForm, DecisionForm
from relais.knowledge.models import Appeal, Comment, Contribution, Moderation
from relais.knowledge.services import contributions as contribution_services
from relais.knowledge.services import moderation as services

TABS = ("contributions", "signalements", "commentaires", "appels")


@login_required
@require_GET
def moderation_queue(request):
    access.require_moderator(request.user)
    places = access.moderated_places(request.user)
    tab = request.GET.get("onglet") if request.GET.get("onglet") in TABS else "contributions"
    context = {
        "tab": tab,
        "contributions": Contribution.objects.filter(place__in=places, status=Contribution.Status.PENDING)
        .select_related("place")
        .order_by("created_at")[:200],
        "moderations": Moderation.objects.filter(place__in=places, status=Moderation.Status.OPEN)
        .select_related("place")
        .annotate(appealed=Count("appeal"))
        .order_by("-report_count", "-updated_at")[:200],
        "held_comments": Comment.objects.filter(place__in=places, is_held=True, is_hidden=False)
        .select_related("place")
        .order_by("created_at")[:200],
        "appeals": Appeal.objects.filter(moderation__place__in=places, status=Appeal.Status.PENDING)
        .select_related("moderation", "decision")
        .order_by("created_at"),
        "decision_form": ContributionDecisionForm(),
        "moderation_form": DecisionForm(),
    }
    counts = {
        "contributions": Contribution.objects.filter(
            place__in=places, status=Contribution.Status.PENDING
        ).count(),
        "signalements": Moderation.objects.filter(place__in=places, status=Moderation.Status.OPEN).count(),
        "commentaires": Comment.objects.filter(place__in=places, is_held=True, is_hidden=False).count(),
        "appels": Appeal.objects.filter(moderation__place__in=places, status=Appeal.Status.PENDING).count(),
    }
    context["counts"] = counts
    return render(request, "knowledge/moderation_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_review(request, pk):
    contribution = access.get_contribution_for_moderator(request, pk)
    form = ContributionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contribution_services.contribution_decide(
                contribution=contribution,
                moderator=request.user,
                action=form.cleaned_data["action"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded; the contributor is told by email."))
            return redirect_after_post(request, "knowledge:moderation-queue")
    return render(request, "knowledge/contribution_review.html", {"contribution": contribution, "form": form})


@login_required
@require_GET
def contribution_file(request, pk):
    contribution = access.get_contribution_for_moderator(request, pk)
    if not contribution.file:
        raise Http404
    response = FileResponse(contribution.file.open("rb"), content_type=contribution.media_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
@require_POST
def contribution_bulk(request):
    access.require_moderator(request.user)
    form = ContributionDecisionForm(request.POST)
    selected = Contribution.objects.filter(
        pk__in=request.POST.getlist("selection"), place__in=access.moderated_places(request.user)
    )
    if not selected:
        messages.error(request, _("Select at least one contribution."))
    elif form.is_valid():
        try:
            count = contribution_services.contribution_bulk_decide(
                contributions=list(selected),
                moderator=request.user,
                action=form.cleaned_data["action"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision applied to %(count)s contribution(s).") % {"count": count})
    else:
        messages.error(request, _("Choose a decision."))
    return redirect_after_post(request, "knowledge:moderation-queue")


@login_required
@require_http_methods(["GET", "POST"])
def moderation_detail(request, pk):
    moderation = access.get_moderation_for_moderator(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_decide(moderation=moderation, moderator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Decision recorded; the author is told with your statement of reasons.")
            )
            return redirect_after_post(request, f"{_queue_url()}?onglet=signalements")
    context = {
        "moderation": moderation,
        "reports": moderation.reports.all(),
        "decisions": moderation.decisions.select_related("moderator"),
        "form": form,
    }
    return render(request, "knowledge/moderation_detail.html", context)


def _queue_url() -> str:
    return reverse("knowledge:moderation-queue")


@login_required
@require_POST
def moderation_bulk(request):
    access.require_moderator(request.user)
    form = DecisionForm(request.POST)
    selected = Moderation.objects.filter(
        pk__in=request.POST.getlist("selection"), place__in=access.moderated_places(request.user)
    )
    if not selected:
        messages.error(request, _("Select at least one reported content."))
    elif form.is_valid():
        count = services.moderation_bulk_decide(
            moderations=list(selected), moderator=request.user, **form.cleaned_data
        )
        messages.success(request, _("Decision applied to %(count)s content(s).") % {"count": count})
    else:
        messages.error(
            request, _("Choose a decision and write the statement of reasons (10 characters or more).")
        )
    return redirect_after_post(request, f"{_queue_url()}?onglet=signalements")


@login_required
@require_POST
def comment_release(request, pk):
    access.require_moderator(request.user)
    comment = get_object_or_404(Comment, pk=pk, place__in=access.moderated_places(request.user))
    services.comment_release(comment=comment, moderator=request.user)
    messages.success(request, _("The comment is now visible."))
    return redirect_after_post(request, f"{_queue_url()}?onglet=commentaires")


@login_required
@require_http_methods(["GET", "POST"])
def appeal_review(request, pk):
    appeal = access.get_appeal_for_moderator(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_review(appeal=appeal, moderator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Appeal reviewed; the author is told."))
            return redirect_after_post(request, f"{_queue_url()}?onglet=appels")
    context = {"appeal": appeal, "moderation": appeal.moderation, "form": form}
    return render(request, "knowledge/appeal_review.html", context)
