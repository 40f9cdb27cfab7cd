"""The open data catalogue: datasets, their published resources and the last validation report."""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Place, TimeStampedModel
from relais.knowledge.models import Contribution
from relais.knowledge.rendering import render_markdown
from relais.knowledge.vocabularies import LICENCE_URLS, Licence


class Frequency(models.TextChoices):
    """Update frequencies, with the codes data.gouv.fr (udata) uses."""

    CONTINUOUS = "continuous", _("Continuously")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annually")
    IRREGULAR = "irregular", _("Irregularly")
    PUNCTUAL = "punctual", _("Once")
    UNKNOWN = "unknown", pgettext_lazy("update frequency", "Unknown")


class DatasetQuerySet(models.QuerySet):
    def published(self) -> "DatasetQuerySet":
        return self.filter(is_published=True)


class Dataset(TimeStampedModel):
    class Origin(models.TextChoices):
        BUILTIN = "builtin", _("Built into Relais")
        CONTRIBUTED = "contributed", _("Contributed")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=350)
    description = models.TextField(_("description"), blank=True)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.ETALAB)
    frequency = models.CharField(
        _("update frequency"), max_length=20, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    spatial_granularity = models.CharField(_("spatial granularity"), max_length=30, default="poi")
    spatial_coverage = models.CharField(_("spatial coverage"), max_length=250, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.BUILTIN)
    builtin_key = models.CharField(max_length=30, null=True, blank=True, unique=True)
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    publisher = models.CharField(_("publisher"), max_length=250, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("last published at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last regenerated at"), null=True, blank=True)
    last_validation_ok = models.BooleanField(_("last validation passed"), null=True, blank=True)
    last_report = models.JSONField(_("last validation report"), default=list, blank=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["origin", "title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opendata:dataset-detail", kwargs={"slug": self.slug})

    @cached_property
    def description_html(self) -> str:
        return render_markdown(self.description)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def validation_failed(self) -> bool:
        return self.last_validation_ok is False


class DatasetResource(models.Model):
    """One published file of a dataset, with the Table Schema it declares."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.SlugField(_("name"), max_length=80)
    title = models.CharField(_("title"), max_length=250)
    format = models.CharField(_("format"), max_length=10)
    media_type = models.CharField(_("media type"), max_length=100)
    file = models.FileField(_("file"), upload_to="opendata/%Y/%m/")
    table_schema = models.JSONField(_("table schema"), null=True, blank=True)
    schema_reference = models.JSONField(
        _("published schema"),
        null=True,
        blank=True,
        help_text=_("Name, version and address of a schema published on schema.data.gouv.fr."),
    )
    checksum = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["name", "format"]
        verbose_name = _("dataset resource")
        verbose_name_plural = _("dataset resources")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "name", "format"], name="opendata_resource_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} · {self.name}.{self.format}"

    def get_absolute_url(self) -> str:
        return reverse(
            "opendata:resource-download",
            kwargs={"slug": self.dataset.slug, "name": self.name, "format": self.format},
        )

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.format}"
