"""Summary tables of the mediation indicators, share links and report subscriptions.

The summaries are derived data only: `relais.stats.summaries` rebuilds them from the activities, and
a test proves that a rebuild from scratch gives the same rows as the incremental upkeep.

A month cell or a person row with an empty `theme` and a `tag_id` of 0 counts every activity; one with
a theme (or a tag, or both) counts only the activities carrying it, so a theme or tag filter reads its
own rows. Day cells (every activity, by day) answer the partial months at the ends of a custom period.
`SummaryVersion` changes with the summaries and keys the cached indicator figures.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.core.models import Organisation, Place

ANY_THEME = ""
ANY_TAG = 0


class MediationCell(models.Model):
    """Accompaniments and activities of one place, mediator, month, kind and filtering theme/tag,
    for one breakdown value."""

    place_id = models.IntegerField()
    author_id = models.IntegerField(null=True)
    month = models.DateField()
    kind = models.CharField(max_length=20)
    theme = models.CharField(max_length=60, default=ANY_THEME)
    tag_id = models.IntegerField(default=ANY_TAG)
    dimension = models.CharField(max_length=20)
    code = models.CharField(max_length=120)
    accompaniments = models.PositiveIntegerField(default=0)
    activities = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # Place before month: one place's year is a short range, not a scan of every place's.
            models.Index(fields=["theme", "tag_id", "place_id", "month"], name="stats_cell_scope_place"),
            models.Index(fields=["month", "place_id"], name="stats_cell_month_place"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.code}"


class MediationDayCell(models.Model):
    """The same counts as `MediationCell` for one day and every activity (no theme or tag)."""

    place_id = models.IntegerField()
    author_id = models.IntegerField(null=True)
    date = models.DateField()
    kind = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)
    code = models.CharField(max_length=120)
    accompaniments = models.PositiveIntegerField(default=0)
    activities = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["date", "place_id"], name="stats_daycell_date_place")]

    def __str__(self) -> str:
        return f"{self.date} {self.dimension}={self.code}"


class MediationPersonDay(models.Model):
    """A followed beneficiary seen on one day, in one place, by one mediator, in one kind of activity
    (with the filtering theme/tag, as the month cells)."""

    place_id = models.IntegerField()
    author_id = models.IntegerField(null=True)
    date = models.DateField()
    kind = models.CharField(max_length=20)
    theme = models.CharField(max_length=60, default=ANY_THEME)
    tag_id = models.IntegerField(default=ANY_TAG)
    beneficiary_id = models.IntegerField()
    # The day of the beneficiary's first accompaniment anywhere: the row counts as "new" when equal.
    first_on = models.DateField()
    autonomy_score = models.PositiveSmallIntegerField(null=True)
    # (days since 2000-01-01 × 10¹⁰ + activity id) × 10 + score: MIN and MAX per beneficiary give the
    # first and latest level, ordered by day then activity as when counted from the activities.
    autonomy_key = models.BigIntegerField(null=True)
    activity_id = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["theme", "tag_id", "place_id", "date", "beneficiary_id", "first_on", "autonomy_key"],
                name="stats_person_scope_place",
            ),
            models.Index(fields=["beneficiary_id"], name="stats_person_beneficiary"),
            models.Index(fields=["date", "place_id"], name="stats_person_date_place"),
        ]

    def __str__(self) -> str:
        return f"{self.date} #{self.beneficiary_id}"


class PeopleMeasures(models.Model):
    """The corner values of a people grid (`relais.stats.people`)."""

    followed = models.IntegerField(default=0)
    new = models.IntegerField(default=0)
    rated_twice = models.IntegerField(default=0)
    improved = models.IntegerField(default=0)
    stable = models.IntegerField(default=0)
    declined = models.IntegerField(default=0)

    class Meta:
        abstract = True


class MediationPeopleGrid(PeopleMeasures):
    """Followed and new beneficiaries and autonomy progress of one place, mediator (0 for any), kind
    ("" for any) and filtering theme/tag, for every whole-month period at once, as a two-dimensional
    difference table.

    The figures of the period from month `a` to month `b` (months since January 2000) are the sums of
    the rows with `first_month <= a` and `last_month <= b`: each beneficiary adds +1/-1 corners around
    the rectangle of periods in which they count (`relais.stats.people`), so a few thousand rows answer
    a distinct count over millions of person rows."""

    place_id = models.IntegerField()
    kind = models.CharField(max_length=20, default="")
    author_id = models.IntegerField(default=0)
    theme = models.CharField(max_length=60, default=ANY_THEME)
    tag_id = models.IntegerField(default=ANY_TAG)
    first_month = models.IntegerField()
    last_month = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "tag_id", "kind", "author_id", "place_id", "first_month", "last_month"],
                name="stats_peoplegrid_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place_id} {self.first_month}×{self.last_month}"


class MediationOrganisationCell(models.Model):
    """The month cells of every place of one organisation added up, over every mediator: the view of a
    network of thousands of places reads these rather than each place's cells (`relais.stats.rollups`)."""

    organisation_id = models.IntegerField()
    month = models.DateField()
    kind = models.CharField(max_length=20)
    theme = models.CharField(max_length=60, default=ANY_THEME)
    tag_id = models.IntegerField(default=ANY_TAG)
    dimension = models.CharField(max_length=20)
    code = models.CharField(max_length=120)
    accompaniments = models.IntegerField(default=0)
    activities = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "tag_id", "month", "organisation_id", "kind", "dimension", "code"],
                name="stats_orgcell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m} {self.dimension}={self.code}"


class MediationOrganisationGrid(PeopleMeasures):
    """The people grid of every place of one organisation added up (any mediator): beneficiaries belong
    to one place, so the corners of the places add up to the organisation's."""

    organisation_id = models.IntegerField()
    kind = models.CharField(max_length=20, default="")
    theme = models.CharField(max_length=60, default=ANY_THEME)
    tag_id = models.IntegerField(default=ANY_TAG)
    first_month = models.IntegerField()
    last_month = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "tag_id", "kind", "organisation_id", "first_month", "last_month"],
                name="stats_orggrid_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.first_month}×{self.last_month}"


class DirtyMonth(models.Model):
    """A place and month whose summaries must be recomputed before the next read."""

    place_id = models.IntegerField()
    month = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_id", "month"], name="stats_dirty_unique")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.month:%Y-%m}"


class SummaryVersion(models.Model):
    """The version of one place's summaries (`place_id` 0: of every place, changed by a full rebuild),
    given a new random value in the same transaction as any change of them: cached indicator results
    are keyed by the versions of the places they count, so a change is never hidden by the cache,
    whatever process holds it, and a change in one place leaves the other places' figures cached
    (random rather than counted: a rolled-back change must not leave its number to reuse)."""

    place_id = models.IntegerField(default=0)
    version = models.CharField(max_length=32, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_id"], name="stats_version_unique_place")]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.version}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ShareLink(models.Model):
    """A public, read-only view of aggregated indicators of a place or a network; revocable."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    title = models.CharField(_("title"), max_length=200)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.title


class ReportSubscription(models.Model):
    """Someone who receives the monthly activity report of a place or a network by e-mail."""

    email = models.EmailField(_("e-mail"))
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("report recipient")
        verbose_name_plural = _("report recipients")

    def __str__(self) -> str:
        return self.email
