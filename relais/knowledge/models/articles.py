"""Articles (Markdown, versioned) and resources (files) of the knowledge base."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from relais.core.models import Place, TimeStampedModel
from relais.core.validators import ChoicesListValidator
from relais.knowledge.rendering import render_markdown
from relais.knowledge.vocabularies import CRCN_COMPETENCES, LICENCE_URLS, THEMES, Audience, Level, Licence


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class DescribedContent(TimeStampedModel):
    """What articles and resources share: place, licence, credit, themes, competences, audience, level."""

    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit = models.CharField(
        _("credit"),
        max_length=250,
        blank=True,
        help_text=_("Who should be credited when this is reused, e.g. « Camille Moreau, EPN Croix-Rouge »."),
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_SA)
    themes = models.JSONField(
        _("themes"), default=list, blank=True, validators=[ChoicesListValidator([c for c, _l in THEMES])]
    )
    competences = models.JSONField(
        _("CRCN competences"),
        default=list,
        blank=True,
        validators=[ChoicesListValidator([c for c, _l in CRCN_COMPETENCES])],
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED and not self.is_hidden

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def credit_line(self) -> str:
        if self.credit:
            return self.credit
        if self.author_id:
            return f"{self.author.get_full_name() or self.author.email}, {self.place.name}"
        return self.place.name


class ContentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=PublicationStatus.PUBLISHED, is_hidden=False)

    def for_places(self, places):
        return self.filter(place__in=places)

    def search(self, query: str, fields: tuple[str, ...]):
        condition = Q()
        for word in query.split():
            word_condition = Q()
            for field in fields:
                word_condition |= Q(**{f"{field}__icontains": word})
            condition &= word_condition
        return self.filter(condition)

    def with_theme(self, theme: str):
        # JSON "contains" is not available on SQLite; a quoted code inside the JSON text is unambiguous.
        return self.filter(themes__icontains=f'"{theme}"')


class Article(DescribedContent):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        LEARNING_SHEET = "learning_sheet", _("Learning sheet")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Markdown: **bold**, *italic*, lists, links, headings with ##.")
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    comments = GenericRelation("knowledge.Comment", related_query_name="article")

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "is_hidden", "-published_at"])]

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article-detail", kwargs={"slug": self.slug})

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def moderation_text(self) -> str:
        return f"{self.title}\n\n{self.body}"


class ArticleVersion(models.Model):
    """A saved state of an article; a new one is written at every change of its text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="knowledge_article_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body)


class Resource(DescribedContent):
    """A file (PDF, image, slides, document) with its licence and credit."""

    description = models.TextField(_("description"), blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("attached to the article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    file = models.FileField(_("file"), upload_to="knowledge/resources/%Y/%m/")
    media_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_absolute_url(self) -> str:
        return reverse("knowledge:resource-detail", kwargs={"slug": self.slug})

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def moderation_text(self) -> str:
        return f"{self.title}\n\n{self.description}"
