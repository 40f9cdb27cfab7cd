"""Comments, reports, moderation decisions with a statement of reasons, and the author's one appeal."""

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.knowledge.models import Appeal, Comment, Decision, Moderation, Report
from relais.knowledge.models.community import ReportReason
from relais.knowledge.rendering import count_links
from relais.knowledge.spam import check_rate, setting

APPEAL_SALT = "relais.knowledge.appeal"
MIN_STATEMENT_LENGTH = 10


def _place_of(target: Model):
    place = getattr(target, "place", None)
    if place is None and isinstance(target, Comment):
        return _place_of(target.target)
    return place


@transaction.atomic
def comment_post(
    *,
    target: Model,
    body: str,
    author=None,
    author_name: str = "",
    author_email: str = "",
    parent: Comment | None = None,
    origin_hash: str = "",
) -> Comment:
    """Add a comment to `target`'s thread; too many links hold it for review; posting is rate-limited."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    author = author if getattr(author, "is_authenticated", False) else None
    if author is None and not author_name.strip():
        raise ValidationError({"author_name": _("Give a name to sign your comment.")})
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None and (parent.content_type_id != content_type.pk or parent.object_id != target.pk):
        raise ValidationError(_("You can only reply to a comment of the same thread."))
    recent = (
        Comment.objects.filter(author=author) if author else Comment.objects.filter(origin_hash=origin_hash)
    )
    check_rate(recent, limit=setting("KNOWLEDGE_COMMENTS_PER_WINDOW", 5), minutes=10)
    comment = Comment(
        content_type=content_type,
        object_id=target.pk,
        place=_place_of(target),
        parent=parent,
        author=author,
        author_name=(author.get_full_name() or author.email.split("@")[0]) if author else author_name.strip(),
        author_email=author.email if author else author_email.strip().lower(),
        body=body,
        is_held=count_links(body) > setting("KNOWLEDGE_MAX_LINKS_PER_COMMENT", 2),
        origin_hash=origin_hash,
    )
    comment.full_clean()
    comment.save()
    journal_log(
        actor=author, action="comment.post", target=comment, place=comment.place, held=comment.is_held
    )
    return comment


@transaction.atomic
def comment_release(*, comment: Comment, moderator) -> Comment:
    """A moderator lets a comment held by the anti-spam rules appear."""
    comment.is_held = False
    comment.save(update_fields=["is_held", "updated_at"])
    journal_log(actor=moderator, action="comment.release", target=comment, place=comment.place)
    return comment


def _set_hidden(target: Model, hidden: bool) -> None:
    type(target).objects.filter(pk=target.pk).update(is_hidden=hidden)
    target.is_hidden = hidden


@transaction.atomic
def report_create(
    *, target: Model, reason: str, details: str = "", reporter=None, reporter_key: str
) -> Report:
    """Record a report; at the configured number of reports the content hides until a moderator decides."""
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == ReportReason.OTHER and not details.strip():
        raise ValidationError({"details": _("Say what is wrong with this content.")})
    check_rate(
        Report.objects.filter(reporter_key=reporter_key),
        limit=setting("KNOWLEDGE_REPORTS_PER_HOUR", 10),
        minutes=60,
    )
    content_type = ContentType.objects.get_for_model(target)
    moderation, _created = Moderation.objects.select_for_update().get_or_create(
        content_type=content_type, object_id=target.pk, defaults={"place": _place_of(target)}
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                moderation=moderation,
                reporter=reporter if getattr(reporter, "pk", None) else None,
                reporter_key=reporter_key,
                reason=reason,
                details=details.strip(),
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already reported this content.")) from error
    moderation.report_count += 1
    moderation.reported_content = getattr(target, "moderation_text", str(target))[:10000]
    moderation.target_label = str(target)[:250]
    moderation.status = Moderation.Status.OPEN
    threshold = setting("KNOWLEDGE_REPORTS_BEFORE_HIDING", 3)
    undecided = not moderation.decisions.exists()
    if undecided and moderation.hidden_at is None and moderation.report_count >= threshold:
        moderation.hidden_at = timezone.now()
        moderation.hidden_automatically = True
        _set_hidden(target, True)
        journal_log(
            actor=None,
            action="moderation.hide_automatically",
            target=target,
            place=moderation.place,
            reports=moderation.report_count,
        )
        from relais.knowledge.tasks import send_hidden_pending_notice

        transaction.on_commit(lambda: send_hidden_pending_notice(moderation.pk))
    moderation.save()
    journal_log(actor=reporter, action="report.create", target=target, place=moderation.place, reason=reason)
    return report


@transaction.atomic
def moderation_decide(
    *, moderation: Moderation, moderator, outcome: str, statement: str, on_appeal: bool = False
) -> Decision:
    """Hide or keep the content, with a statement of reasons the author receives."""
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose a decision.")})
    if len(statement.strip()) < MIN_STATEMENT_LENGTH:
        raise ValidationError(
            {"statement": _("Explain the decision in a sentence: the author will read it.")}
        )
    moderation = Moderation.objects.select_for_update().get(pk=moderation.pk)
    target = moderation.target
    if target is None:
        raise ValidationError(_("This content no longer exists."))
    hide = outcome == Decision.Outcome.HIDE
    _set_hidden(target, hide)
    moderation.hidden_at = (moderation.hidden_at or timezone.now()) if hide else None
    moderation.status = Moderation.Status.DECIDED
    moderation.save()
    decision = Decision.objects.create(
        moderation=moderation,
        outcome=outcome,
        statement=statement.strip(),
        moderator=moderator,
        on_appeal=on_appeal,
    )
    journal_log(
        actor=moderator,
        action=f"moderation.{outcome}",
        target=target,
        place=moderation.place,
        statement=decision.statement,
        on_appeal=on_appeal,
    )
    from relais.knowledge.tasks import send_moderation_notice

    transaction.on_commit(lambda: send_moderation_notice(decision.pk))
    return decision


@transaction.atomic
def moderation_bulk_decide(*, moderations, moderator, outcome: str, statement: str) -> int:
    """One decision, one statement, several files; all or nothing."""
    count = 0
    for moderation in moderations:
        moderation_decide(moderation=moderation, moderator=moderator, outcome=outcome, statement=statement)
        count += 1
    return count


def appeal_token(decision: Decision) -> str:
    return signing.dumps({"decision": decision.pk}, salt=APPEAL_SALT)


def decision_from_token(token: str) -> Decision | None:
    try:
        data = signing.loads(token, salt=APPEAL_SALT, max_age=60 * 60 * 24 * 60)
    except signing.BadSignature:
        return None
    return Decision.objects.select_related("moderation").filter(pk=data.get("decision")).first()


@transaction.atomic
def appeal_create(*, decision: Decision, text: str) -> Appeal:
    """The author contests a decision; only once per moderation file."""
    if not text.strip():
        raise ValidationError({"text": _("Explain why the decision should change.")})
    if decision.on_appeal:
        raise ValidationError(_("This decision was taken on appeal: it cannot be appealed again."))
    if Appeal.objects.filter(moderation=decision.moderation).exists():
        raise ValidationError(
            _("You have already appealed: a moderation decision can be appealed only once.")
        )
    appeal = Appeal.objects.create(moderation=decision.moderation, decision=decision, text=text.strip())
    Moderation.objects.filter(pk=decision.moderation_id).update(status=Moderation.Status.OPEN)
    journal_log(actor=None, action="moderation.appeal", target=appeal, place=decision.moderation.place)
    return appeal


@transaction.atomic
def appeal_review(*, appeal: Appeal, moderator, outcome: str, statement: str) -> Decision:
    """Another moderator reviews the appeal: the decision is upheld or overturned, with reasons."""
    appeal = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
    if appeal.status != Appeal.Status.PENDING:
        raise ValidationError(_("This appeal has already been reviewed."))
    if appeal.decision.moderator_id == getattr(moderator, "pk", None):
        raise ValidationError(_("Another moderator must review the appeal against your own decision."))
    decision = moderation_decide(
        moderation=appeal.moderation,
        moderator=moderator,
        outcome=outcome,
        statement=statement,
        on_appeal=True,
    )
    appeal.status = Appeal.Status.UPHELD if outcome == appeal.decision.outcome else Appeal.Status.OVERTURNED
    appeal.save(update_fields=["status"])
    return decision


def author_contact(target: Model) -> tuple[str, str]:
    """(email, name) of the person who wrote `target`, when known."""
    if isinstance(target, Comment):
        return target.author_email or (target.author.email if target.author else ""), target.author_name
    author = getattr(target, "author", None)
    if author is not None:
        return author.email, str(author)
    return "", ""
