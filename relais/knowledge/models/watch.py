"""News watch (veille): RSS/Atom sources followed by a place or a network, and their items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Organisation, Place, TimeStampedModel


class FeedSourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class FeedSource(TimeStampedModel):
    title = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("feed address (RSS or Atom)"), max_length=500)
    site_url = models.URLField(_("website"), max_length=500, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("followed by the place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("followed by the network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_active = models.BooleanField(_("fetched"), default=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)
    last_status = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    error_count = models.PositiveIntegerField(_("failures in a row"), default=0)

    objects = FeedSourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("watch source")
        verbose_name_plural = _("watch sources")
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(organisation__isnull=True))
                | (Q(place__isnull=True) & Q(organisation__isnull=False)),
                name="knowledge_feed_source_place_xor_network",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.place or self.organisation


class FeedItem(models.Model):
    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    title = models.CharField(_("title"), max_length=500)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    fetched_at = models.DateTimeField(_("fetched at"), auto_now_add=True)
    tags = models.JSONField(pgettext_lazy("labels", "tags"), default=list, blank=True)
    shared_at = models.DateTimeField(_("shared with the team at"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_note = models.CharField(_("note for the team"), max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("watch item")
        verbose_name_plural = _("watch items")
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="knowledge_feed_item_unique")]

    def __str__(self) -> str:
        return self.title


class FeedItemRead(models.Model):
    item = models.ForeignKey(FeedItem, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="knowledge_feed_item_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.item_id}"
