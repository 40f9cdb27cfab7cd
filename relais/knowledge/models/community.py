"""Contributions from the public, comment threads, and moderation (reports, decisions, appeals)."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Place, TimeStampedModel
from relais.knowledge.rendering import render_comment, render_markdown
from relais.knowledge.vocabularies import Licence


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ContributionQuerySet(models.QuerySet):
    def to_moderate(self):
        return self.filter(status=Contribution.Status.PENDING)


class Contribution(TimeStampedModel):
    """A text, photo or dataset sent by anyone, published only after moderation."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Photo")
        DATASET = "dataset", _("Dataset")

    class Status(models.TextChoices):
        PENDING_CONFIRMATION = "pending_confirmation", _("Waiting for email confirmation")
        PENDING = "pending", _("Waiting for moderation")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The place whose team will review the contribution."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text or description"), blank=True)
    file = models.FileField(_("file"), upload_to="knowledge/contributions/%Y/%m/", blank=True)
    media_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    table_schema = models.JSONField(_("table schema"), null=True, blank=True)
    schema_inferred = models.BooleanField(_("schema inferred"), default=False)
    validation_report = models.JSONField(_("validation report"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_SA)
    credit = models.CharField(_("credit"), max_length=250, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    contact_name = models.CharField(_("your name"), max_length=150)
    contact_email = models.EmailField(_("your email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.PENDING_CONFIRMATION
    )
    moderator_message = models.TextField(_("message from the moderators"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_url = models.CharField(_("published at the address"), max_length=300, blank=True)
    origin_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["place", "status"])]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def is_editable_by_contributor(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.CHANGES_REQUESTED}


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False, is_held=False)

    def for_target(self, target):
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(content_type=content_type, object_id=target.pk)


class Comment(TimeStampedModel):
    """A message in the thread of any object (article, project…), attached through a content type."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("name"), max_length=150)
    author_email = models.EmailField(_("email"), blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    is_held = models.BooleanField(
        _("held for review"),
        default=False,
        help_text=_("Held by the anti-spam rules until a moderator looks."),
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    origin_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:60]}"

    @cached_property
    def body_html(self) -> str:
        return render_comment(self.body)

    @property
    def moderation_text(self) -> str:
        return self.body


class Moderation(TimeStampedModel):
    """The moderation file of one reported object: its reports, the decisions taken, the appeal."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        DECIDED = "decided", _("Decided")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    reported_content = models.TextField(_("reported content (as it was)"), blank=True)
    target_label = models.CharField(_("content"), max_length=250, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_automatically = models.BooleanField(_("hidden automatically"), default=False)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="knowledge_moderation_unique")
        ]
        indexes = [models.Index(fields=["place", "status"])]

    def __str__(self) -> str:
        return self.target_label

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive, hateful or abusive")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    OTHER = "other", _("Other")


class Report(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_key = models.CharField(max_length=64)
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.TextField(pgettext_lazy("report details", "details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["moderation", "reporter_key"], name="knowledge_report_once"),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(details=""), name="knowledge_report_other_has_details"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.moderation}"


class Decision(models.Model):
    """A moderator's decision on a moderation file, with its statement of reasons (sent to the author)."""

    class Outcome(models.TextChoices):
        HIDE = "hide", _("Hide the content")
        KEEP = "keep", _("Keep the content visible")

    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    statement = models.TextField(
        _("statement of reasons"),
        help_text=_("Which rule applies and why. The author reads this text."),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_appeal = models.BooleanField(_("decided on appeal"), default=False)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.moderation}"


class Appeal(models.Model):
    """The author's one appeal against a decision, reviewed by a moderator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    moderation = models.OneToOneField(Moderation, on_delete=models.CASCADE, related_name="appeal")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("why the decision should change"), max_length=4000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.moderation} ({self.get_status_display()})"
