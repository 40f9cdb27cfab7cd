"""Digital presence: subjects (organisations, territories), audits, batches, objectives."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Organisation, Place, TimeStampedModel
from relais.presence.engine import texts
from relais.presence.engine.scoring import PILLARS

validate_siret = RegexValidator(r"^\d{14}$", _("A SIRET has exactly 14 digits."))
validate_osm_id = RegexValidator(
    r"^(node|way|relation)/\d+$", _("Write the OpenStreetMap object as node/123, way/123 or relation/123.")
)


class SubjectQuerySet(models.QuerySet):
    def for_places(self, places) -> "SubjectQuerySet":
        return self.filter(place__in=places)

    def organisations(self) -> "SubjectQuerySet":
        return self.filter(kind=Subject.Kind.ORGANISATION)

    def territories(self) -> "SubjectQuerySet":
        return self.filter(kind=Subject.Kind.TERRITORY)


class Subject(TimeStampedModel):
    """What is audited: an organisation (its site and record) or a territory (a set of organisations)."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        TERRITORY = "territory", _("Territory")

    place = models.ForeignKey(
        Place,
        verbose_name=_("followed by"),
        on_delete=models.PROTECT,
        related_name="presence_subjects",
        help_text=_("The place whose team follows this subject."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in Relais"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presence_subjects",
    )
    website = models.URLField(_("website"), blank=True, max_length=500)
    social_links = models.JSONField(_("social networks"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    osm_id = models.CharField(
        _("OpenStreetMap object"), max_length=40, blank=True, validators=[validate_osm_id]
    )
    is_public_body = models.BooleanField(
        _("public body"),
        default=False,
        help_text=_("Public bodies must publish an accessibility statement."),
    )
    insee_codes = models.JSONField(_("INSEE codes of the communes"), default=list, blank=True)
    members = models.ManyToManyField(
        "self", verbose_name=_("organisations"), symmetrical=False, related_name="territories", blank=True
    )
    monthly_reaudit = models.BooleanField(
        _("re-audit every month"), default=False, help_text=_("A new audit runs automatically each month.")
    )
    latest_audit = models.ForeignKey(
        "Audit",
        verbose_name=_("latest audit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("audited subject")
        verbose_name_plural = _("audited subjects")
        constraints = [
            models.UniqueConstraint(fields=["place", "kind", "name"], name="presence_subject_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("presence:subject-detail", kwargs={"pk": self.pk})

    @property
    def is_territory(self) -> bool:
        return self.kind == self.Kind.TERRITORY


class AuditBatch(TimeStampedModel):
    """The audits of every organisation of a territory, run together with live progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        CANCELLED = "cancelled", pgettext_lazy("audit", "Cancelled")

    territory = models.ForeignKey(
        Subject, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="batches"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("audits"), default=0)
    done = models.PositiveIntegerField(_("audits finished"), default=0)
    pages = models.PositiveSmallIntegerField(_("pages per site"), default=5)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_requested_at = models.DateTimeField(_("cancellation requested at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch of audits")
        verbose_name_plural = _("batches of audits")

    def __str__(self) -> str:
        return f"{self.territory} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class AuditQuerySet(models.QuerySet):
    def finished(self) -> "AuditQuerySet":
        return self.filter(status=Audit.Status.DONE)


class Audit(TimeStampedModel):
    """One audit of one organisation's site, with the algorithm version that scored it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", pgettext_lazy("audit", "Cancelled")

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="audits"
    )
    batch = models.ForeignKey(
        AuditBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits"
    )
    url = models.CharField(_("address audited"), max_length=500)
    pages = models.PositiveSmallIntegerField(_("pages read at most"), default=5)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    algorithm_version = models.CharField(_("algorithm version"), max_length=20, blank=True)
    reachable = models.BooleanField(_("site reachable"), null=True)
    score = models.FloatField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    grade = models.CharField(_("grade"), max_length=1, blank=True)
    coverage = models.FloatField(_("share measured"), null=True, blank=True)
    pillars = models.JSONField(_("pillar scores"), default=dict, blank=True)
    checks = models.JSONField(_("checks"), default=list, blank=True)
    pages_fetched = models.PositiveSmallIntegerField(_("pages read"), default=0)
    requests = models.PositiveIntegerField(_("requests made"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        indexes = [models.Index(fields=["subject", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="presence_audit_score_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("presence:audit-detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.DONE

    def check_by_id(self) -> dict[str, dict]:
        return {check["id"]: check for check in self.checks}

    def pillar_rows(self) -> list[dict]:
        return [
            {
                "id": pillar,
                "label": texts.pillar_label(pillar),
                "description": texts.pillar_description(pillar),
                "score": self.pillars.get(pillar),
                "weight": weight,
            }
            for pillar, weight in PILLARS.items()
        ]

    def to_json(self) -> dict:
        """The public JSON of the issue: url, algorithm_version, score, grade, coverage, pillars, checks."""
        return {
            "url": self.url,
            "algorithm_version": self.algorithm_version,
            "score": self.score,
            "grade": self.grade or None,
            "coverage": self.coverage,
            "pillars": self.pillars,
            "checks": [
                {key: check.get(key) for key in ("id", "pillar", "score", "status", "message", "fix")}
                for check in self.checks
            ],
        }


class Objective(TimeStampedModel):
    """A target on an indicator (total, pillar or check score, 0–100) to reach by a date."""

    class Indicator(models.TextChoices):
        TOTAL = "total", _("Total score")
        PILLAR = "pillar", _("Pillar score")
        CHECK = "check", _("Check score")

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="objectives"
    )
    source_audit = models.ForeignKey(
        Audit,
        verbose_name=_("from the audit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("action"), max_length=300)
    indicator_kind = models.CharField(_("indicator"), max_length=10, choices=Indicator.choices)
    indicator = models.CharField(_("indicator code"), max_length=40)
    baseline = models.FloatField(
        _("starting value"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    target = models.FloatField(_("target"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    due_on = models.DateField(_("due date"))
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0, target__lte=100), name="presence_objective_target_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def indicator_label(self) -> str:
        if self.indicator_kind == self.Indicator.TOTAL:
            return str(_("Total score"))
        if self.indicator_kind == self.Indicator.PILLAR:
            return texts.pillar_label(self.indicator)
        return texts.title(self.indicator)

    def value_in(self, audit: "Audit | None") -> float | None:
        """The indicator's value (0–100) in a finished audit, None when it was not measured."""
        if audit is None or not audit.is_finished:
            return None
        if self.indicator_kind == self.Indicator.TOTAL:
            return audit.score
        if self.indicator_kind == self.Indicator.PILLAR:
            return audit.pillars.get(self.indicator)
        check = audit.check_by_id().get(self.indicator)
        if check is None or check.get("score") is None:
            return None
        return round(check["score"] * 100, 1)
