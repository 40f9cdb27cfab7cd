"""Contributions from the public: submission, email confirmation, revision and moderation."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.knowledge import tables
from relais.knowledge.models import Article, Contribution, Resource
from relais.knowledge.models.articles import PublicationStatus
from relais.knowledge.services.articles import unique_slug
from relais.knowledge.spam import check_rate, setting
from relais.knowledge.uploads import CSV, IMAGE_TYPES, check_upload

# Apps that publish contributed datasets register a callable (contribution, actor) -> public URL.
_dataset_publishers: list[Callable[[Contribution, object], str]] = []


def register_dataset_publisher(publisher: Callable[[Contribution, object], str]) -> None:
    if publisher not in _dataset_publishers:
        _dataset_publishers.append(publisher)


class TableInvalid(ValidationError):
    """A contributed table failed validation; `problems` is the readable report."""

    def __init__(self, problems: list[dict]):
        super().__init__(
            _("The table does not match its schema: see the report below."), code="invalid_table"
        )
        self.problems = problems


def _attach_file(contribution: Contribution, upload: UploadedFile | None, schema_text: str | None) -> None:
    kind = contribution.kind
    if kind == Contribution.Kind.TEXT:
        if not contribution.body.strip():
            raise ValidationError({"body": _("Write the text of your contribution.")})
        return
    if upload is None:
        if contribution.file:
            return
        raise ValidationError({"file": _("Choose the file to send.")})
    allowed = IMAGE_TYPES if kind == Contribution.Kind.PHOTO else {CSV}
    checked = check_upload(upload, allowed=allowed, kind=kind)
    if kind == Contribution.Kind.DATASET:
        upload.seek(0)
        data = upload.read()
        if schema_text:
            try:
                schema = tables.parse_schema(schema_text)
            except ValueError as error:
                raise ValidationError({"schema": str(error)}) from error
            contribution.schema_inferred = False
        else:
            schema = tables.infer_schema(data)
            contribution.schema_inferred = True
        problems = tables.validate_table(data, schema)
        if problems:
            raise TableInvalid(problems)
        contribution.table_schema = schema
        contribution.validation_report = []
        upload = ContentFile(data)
    contribution.media_type, contribution.size = checked.media_type, checked.size
    contribution.file.save(f"contribution{checked.extension}", upload, save=False)


@transaction.atomic
def contribution_submit(
    *,
    kind: str,
    place: Place,
    title: str,
    body: str = "",
    upload: UploadedFile | None = None,
    schema_text: str | None = None,
    licence: str,
    credit: str = "",
    source_url: str = "",
    contact_name: str,
    contact_email: str,
    user=None,
    origin_hash: str = "",
) -> Contribution:
    """Record a contribution; it waits for email confirmation unless sent from a matching account."""
    check_rate(
        Contribution.objects.filter(origin_hash=origin_hash),
        limit=setting("KNOWLEDGE_CONTRIBUTIONS_PER_HOUR", 5),
        minutes=60,
    )
    contribution = Contribution(
        kind=kind,
        place=place,
        title=title,
        body=body,
        licence=licence,
        credit=credit,
        source_url=source_url,
        contact_name=contact_name,
        contact_email=contact_email.lower(),
        origin_hash=origin_hash,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    _attach_file(contribution, upload, schema_text)
    if contribution.user and contribution.user.email.lower() == contribution.contact_email:
        contribution.status = Contribution.Status.PENDING
        contribution.email_confirmed_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    journal_log(
        actor=contribution.user, action="contribution.submit", target=contribution, place=place, kind=kind
    )
    if contribution.status == Contribution.Status.PENDING_CONFIRMATION:
        from relais.knowledge.tasks import send_contribution_confirmation

        transaction.on_commit(lambda: send_contribution_confirmation(contribution.pk))
    return contribution


@transaction.atomic
def contribution_confirm(*, contribution: Contribution) -> Contribution:
    """The contributor proved their email address: the contribution enters the moderation queue."""
    if contribution.status != Contribution.Status.PENDING_CONFIRMATION:
        return contribution
    contribution.email_confirmed_at = timezone.now()
    contribution.status = Contribution.Status.PENDING
    contribution.save(update_fields=["email_confirmed_at", "status", "updated_at"])
    journal_log(actor=None, action="contribution.confirm", target=contribution, place=contribution.place)
    return contribution


@transaction.atomic
def contribution_revise(
    *,
    contribution: Contribution,
    title: str,
    body: str,
    upload: UploadedFile | None = None,
    schema_text: str | None = None,
) -> Contribution:
    """The contributor answers a request for changes; the contribution goes back to the queue."""
    if contribution.status != Contribution.Status.CHANGES_REQUESTED:
        raise ValidationError(_("This contribution cannot be changed any more."))
    contribution.title, contribution.body = title, body
    _attach_file(contribution, upload, schema_text)
    contribution.status = Contribution.Status.PENDING
    contribution.full_clean()
    contribution.save()
    journal_log(
        actor=contribution.user, action="contribution.revise", target=contribution, place=contribution.place
    )
    return contribution


def _publish_content(contribution: Contribution, moderator) -> str:
    credit = contribution.credit or contribution.contact_name
    common = {
        "place": contribution.place,
        "title": contribution.title,
        "licence": contribution.licence,
        "credit": credit,
        "status": PublicationStatus.PUBLISHED,
        "published_at": timezone.now(),
    }
    if contribution.kind == Contribution.Kind.TEXT:
        article = Article(slug=unique_slug(Article, contribution.title), body=contribution.body, **common)
        article.full_clean()
        article.save()
        article.versions.create(number=1, title=article.title, body=article.body, edited_by=moderator)
        return article.get_absolute_url()
    if contribution.kind == Contribution.Kind.PHOTO:
        resource = Resource(
            slug=unique_slug(Resource, contribution.title),
            description=contribution.body,
            media_type=contribution.media_type,
            size=contribution.size,
            **common,
        )
        contribution.file.open("rb")
        extension = contribution.file.name.rsplit(".", 1)[-1]
        resource.file.save(f"{resource.slug}.{extension}", ContentFile(contribution.file.read()), save=False)
        contribution.file.close()
        resource.full_clean()
        resource.save()
        return resource.get_absolute_url()
    if not _dataset_publishers:
        raise ValidationError(_("Datasets cannot be published: the open data catalogue is not installed."))
    return _dataset_publishers[0](contribution, moderator)


def _decide(contribution: Contribution, moderator, status: str, message: str) -> Contribution:
    if contribution.status not in {Contribution.Status.PENDING, Contribution.Status.CHANGES_REQUESTED}:
        raise ValidationError(_("“%(title)s” is not waiting for moderation.") % {"title": contribution.title})
    if status != Contribution.Status.PUBLISHED and not message.strip():
        raise ValidationError({"message": _("Tell the contributor why: they will read this message.")})
    if status == Contribution.Status.PUBLISHED:
        contribution.published_url = _publish_content(contribution, moderator)
    contribution.status = status
    contribution.moderator_message = message.strip()
    contribution.decided_by = moderator
    contribution.decided_at = timezone.now()
    contribution.save()
    journal_log(
        actor=moderator,
        action=f"contribution.{status}",
        target=contribution,
        place=contribution.place,
        message=contribution.moderator_message,
    )
    from relais.knowledge.tasks import send_contribution_decision

    transaction.on_commit(lambda: send_contribution_decision(contribution.pk))
    return contribution


ACTIONS = {
    "publish": Contribution.Status.PUBLISHED,
    "request_changes": Contribution.Status.CHANGES_REQUESTED,
    "reject": Contribution.Status.REJECTED,
}


@transaction.atomic
def contribution_decide(
    *, contribution: Contribution, moderator, action: str, message: str = ""
) -> Contribution:
    """Publish, ask for changes or reject (with a reason the contributor reads)."""
    if action not in ACTIONS:
        raise ValidationError(_("Unknown action."))
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    return _decide(contribution, moderator, ACTIONS[action], message)


@transaction.atomic
def contribution_bulk_decide(*, contributions, moderator, action: str, message: str = "") -> int:
    """Apply one decision to several contributions; all or nothing."""
    count = 0
    for contribution in contributions:
        contribution_decide(contribution=contribution, moderator=moderator, action=action, message=message)
        count += 1
    return count
