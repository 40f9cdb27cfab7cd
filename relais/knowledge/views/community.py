"""Public side of the community: contributions, comments, reports and appeals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from relais.core.htmx import redirect_after_post
from relais.knowledge.comments import get_commentable_or_404
from relais.knowledge.forms import (
    AppealForm,
    CommentForm,
    ContributionForm,
    ContributionReviseForm,
    ReportForm,
)
from relais.knowledge.models import Comment, Contribution
from relais.knowledge.reportables import get_reportable_or_404
from relais.knowledge.services import contributions as contribution_services
from relais.knowledge.services import moderation as moderation_services
from relais.knowledge.services.contributions import TableInvalid
from relais.knowledge.spam import client_fingerprint, reporter_key

FILE_ERROR_CODES = {"too_large", "empty", "bad_type", "mismatch", "bad_image"}


def _add_service_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("upload" if getattr(error, "code", None) in FILE_ERROR_CODES else None, error)


@require_http_methods(["GET", "POST"])
def contribution_create(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"contact_name": request.user.get_full_name(), "contact_email": request.user.email}
    form = ContributionForm(request.POST or None, request.FILES or None, initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            messages.success(request, _("Thank you! Check your mailbox to confirm your contribution."))
            return redirect_after_post(request, "knowledge:article-list")
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("upload", "schema", "consent", "site_web")
        }
        try:
            contribution = contribution_services.contribution_submit(
                **data,
                upload=form.cleaned_data["upload"],
                schema_text=form.cleaned_data["schema"],
                user=request.user,
                origin_hash=client_fingerprint(request),
            )
        except TableInvalid as error:
            problems = error.problems
            form.add_error("upload", error.message)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            if contribution.status == Contribution.Status.PENDING:
                messages.success(request, _("Thank you! Your contribution is waiting for moderation."))
            else:
                messages.success(request, _("Thank you! Check your mailbox to confirm your contribution."))
            return redirect_after_post(request, "knowledge:contribution-follow", token=contribution.token)
    return render(request, "knowledge/contribution_form.html", {"form": form, "problems": problems})


@require_http_methods(["GET", "POST"])
def contribution_confirm(request, token):
    contribution = get_object_or_404(Contribution, token=token)
    if request.method == "POST":
        contribution_services.contribution_confirm(contribution=contribution)
        messages.success(
            request, _("Your email address is confirmed: the team will review your contribution.")
        )
        return redirect_after_post(request, "knowledge:contribution-follow", token=token)
    return render(request, "knowledge/contribution_confirm.html", {"contribution": contribution})


@require_http_methods(["GET", "POST"])
def contribution_follow(request, token):
    contribution = get_object_or_404(Contribution.objects.select_related("place"), token=token)
    form = None
    problems = []
    if contribution.status == Contribution.Status.CHANGES_REQUESTED:
        initial = {"title": contribution.title, "body": contribution.body}
        form = ContributionReviseForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                contribution_services.contribution_revise(
                    contribution=contribution,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    upload=form.cleaned_data["upload"],
                    schema_text=form.cleaned_data["schema"],
                )
            except TableInvalid as error:
                problems = error.problems
                form.add_error("upload", error.message)
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Thank you! Your contribution is back in the moderation queue."))
                return redirect_after_post(request, "knowledge:contribution-follow", token=token)
    elif request.method == "POST":
        raise Http404
    context = {"contribution": contribution, "form": form, "problems": problems}
    return render(request, "knowledge/contribution_follow.html", context)


@require_POST
def comment_create(request, content_type_id, object_id):
    target = get_commentable_or_404(content_type_id, object_id, request.user)
    form = CommentForm(request.POST, user=request.user)
    back = target.get_absolute_url()
    if form.is_valid():
        if form.is_spam():
            messages.success(request, _("Your comment is published."))
            return redirect_after_post(request, back)
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        try:
            comment = moderation_services.comment_post(
                target=target,
                body=form.cleaned_data["body"],
                author=request.user,
                author_name=form.cleaned_data.get("author_name", ""),
                author_email=form.cleaned_data.get("author_email", ""),
                parent=parent,
                origin_hash=client_fingerprint(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if comment.is_held:
                messages.warning(
                    request, _("Your comment contains several links: a moderator will check it first.")
                )
            else:
                messages.success(request, _("Your comment is published."))
            return redirect_after_post(request, f"{back}#commentaire-{comment.pk}")
    context = {"form": form, "target": target, "content_type_id": content_type_id}
    return render(request, "knowledge/comment_form.html", context)


@require_http_methods(["GET", "POST"])
def report_create(request, kind, pk):
    target = get_reportable_or_404(kind, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            messages.success(request, _("Thank you: the moderators will review this content."))
            return redirect_after_post(request, "knowledge:article-list")
        try:
            moderation_services.report_create(
                target=target,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                reporter=request.user,
                reporter_key=reporter_key(request),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: the moderators will review this content."))
            return redirect_after_post(request, _back_url(target))
    return render(request, "knowledge/report_form.html", {"form": form, "target": target, "kind": kind})


def _back_url(target) -> str:
    if isinstance(target, Comment):
        parent = target.target
        return f"{parent.get_absolute_url()}#commentaire-{target.pk}" if parent else "/"
    return target.get_absolute_url()


@require_http_methods(["GET", "POST"])
def appeal_create(request, token):
    decision = moderation_services.decision_from_token(token)
    if decision is None:
        raise Http404
    form = AppealForm(request.POST or None)
    already = hasattr(decision.moderation, "appeal")
    if request.method == "POST" and form.is_valid():
        try:
            moderation_services.appeal_create(decision=decision, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your appeal is recorded: another moderator will review the decision.")
            )
            return redirect("knowledge:article-list")
    context = {"decision": decision, "form": form, "already": already}
    return render(request, "knowledge/appeal_form.html", context)
