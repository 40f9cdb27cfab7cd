"""Machines, their state, authorisations (habilitations), safety quizzes, unavailabilities and bookings."""

import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Place, TimeStampedModel
from relais.fablab.constraints import PostgresExclusionConstraint, TsTzRange
from relais.fablab.validators import validate_machine_photo


class Category(models.Model):
    """A kind of machine; authorisations on a category cover all its machines of a place."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    validity_months = models.PositiveSmallIntegerField(
        _("authorisation valid for (months)"),
        default=24,
        help_text=_("An authorisation on these machines expires after this many months; 0 means never."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("machine category")
        verbose_name_plural = _("machine categories")

    def __str__(self) -> str:
        return self.name


class MachineState(models.TextChoices):
    AVAILABLE = "available", _("Available")
    IN_USE = "in_use", _("In use")
    TO_CHECK = "to_check", _("To check after use")
    DEGRADED = "degraded", _("Degraded")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    RETIRED = "retired", pgettext_lazy("machine state", "Retired")


# States in which nobody may book the machine; future bookings are flagged when it enters one.
BLOCKING_STATES = frozenset({MachineState.OUT_OF_SERVICE, MachineState.RETIRED})


class MachineQuerySet(models.QuerySet):
    def for_place(self, place: Place) -> "MachineQuerySet":
        return self.filter(place=place)

    def active(self) -> "MachineQuerySet":
        return self.exclude(state=MachineState.RETIRED)

    def public(self) -> "MachineQuerySet":
        return self.active().filter(is_public=True, place__is_visible=True, place__is_active=True)


def machine_photo_path(instance: "Machine", filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"fablab/machines/{instance.place_id}/{secrets.token_hex(8)}{suffix}"


class Machine(TimeStampedModel):
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="machines"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="machines"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=machine_photo_path,
        blank=True,
        validators=[validate_machine_photo],
        help_text=_("JPEG, PNG or WebP, 5 MB at most."),
    )
    photo_description = models.CharField(
        _("photo description"), max_length=200, blank=True, help_text=_("Read aloud to blind users.")
    )
    safety_rules = models.TextField(
        _("safety rules"), help_text=_("Shown before every use and on every booking. One rule per line.")
    )
    protective_equipment = models.TextField(
        _("protective equipment"),
        blank=True,
        help_text=_("Goggles, gloves, mask… One item per line. Shown before every use."),
    )
    consumable_unit = models.CharField(
        _("unit of consumption"),
        max_length=40,
        blank=True,
        help_text=_("Besides hours, what is counted at the end of use: “m of filament”, “sheets”…"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MachineState.choices, default=MachineState.AVAILABLE
    )
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    is_public = models.BooleanField(
        _("shown on public pages"), default=True, help_text=_("Public pages show the rules and free slots.")
    )
    requires_authorisation = models.BooleanField(
        _("requires an authorisation"),
        default=True,
        help_text=_("Only people holding a valid authorisation on it (or its category) may book it."),
    )
    booking_horizon_days = models.PositiveSmallIntegerField(_("bookable up to (days ahead)"), default=30)
    min_booking_minutes = models.PositiveSmallIntegerField(_("minimum length (minutes)"), default=30)
    max_booking_minutes = models.PositiveSmallIntegerField(_("maximum length (minutes)"), default=240)
    weekly_quota_minutes = models.PositiveSmallIntegerField(
        _("weekly quota per person (minutes)"), default=480, help_text=_("0 means no quota.")
    )
    cancellation_deadline_hours = models.PositiveSmallIntegerField(
        _("cancellation deadline (hours before start)"), default=24
    )
    usage_minutes = models.PositiveIntegerField(_("time used (minutes)"), default=0)
    usage_quantity = models.DecimalField(_("quantity consumed"), max_digits=12, decimal_places=2, default=0)

    objects = MachineQuerySet.as_manager()

    class Meta:
        ordering = ["place", "category__position", "name"]
        verbose_name = _("machine")
        verbose_name_plural = _("machines")
        constraints = [
            models.UniqueConstraint(fields=["place", "slug"], name="fablab_machine_unique_slug"),
            models.CheckConstraint(
                condition=Q(max_booking_minutes__gte=models.F("min_booking_minutes")),
                name="fablab_machine_max_gte_min",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fablab:machine-detail", kwargs={"place_slug": self.place.slug, "slug": self.slug})

    @property
    def is_bookable(self) -> bool:
        return self.state not in BLOCKING_STATES

    @property
    def usage_hours(self) -> float:
        return round(self.usage_minutes / 60, 1)

    def safety_rule_lines(self) -> list[str]:
        return [line.strip() for line in self.safety_rules.splitlines() if line.strip()]

    def protective_equipment_lines(self) -> list[str]:
        return [line.strip() for line in self.protective_equipment.splitlines() if line.strip()]


class MachineStateChange(models.Model):
    """Who changed a machine's state, when and why (also journalled)."""

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(_("from"), max_length=20, choices=MachineState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=MachineState.choices)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("machine state change")
        verbose_name_plural = _("machine state changes")

    def __str__(self) -> str:
        return f"{self.machine} {self.from_state} → {self.to_state}"


class Unavailability(TimeStampedModel):
    """A window when a machine (or, without machine, every machine of the place) cannot be booked.

    Closures of the place, maintenance windows and reservations for events all block slots the same
    way; maintenance orders create rows of kind `maintenance`.
    """

    class Kind(models.TextChoices):
        CLOSURE = "closure", _("Closure of the place")
        MAINTENANCE = "maintenance", _("Maintenance")
        EVENT = "event", _("Event or training")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="fablab_unavailabilities")
    machine = models.ForeignKey(
        Machine,
        verbose_name=_("machine"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="unavailabilities",
        help_text=_("Leave empty to block every machine of the place."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLOSURE)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="fablab_unavailability_end_after_start"
            )
        ]
        indexes = [models.Index(fields=["place", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.reason} ({self.start:%Y-%m-%d %H:%M})"


class BookingQuerySet(models.QuerySet):
    def active(self) -> "BookingQuerySet":
        return self.exclude(status=Booking.Status.CANCELLED)

    def overlapping(self, start, end) -> "BookingQuerySet":
        return self.filter(start__lt=end, end__gt=start)

    def upcoming(self) -> "BookingQuerySet":
        return self.filter(end__gt=timezone.now())

    def past(self) -> "BookingQuerySet":
        return self.filter(end__lte=timezone.now())


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    machine = models.ForeignKey(
        Machine, verbose_name=_("machine"), on_delete=models.PROTECT, related_name="bookings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked for"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    is_override = models.BooleanField(_("booked by staff overriding the rules"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    flag_reason = models.CharField(_("why it is flagged"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    assistance_activity_id = models.PositiveBigIntegerField(
        _("assistance logged as mediation activity"), null=True, blank=True
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["machine", "start"]), models.Index(fields=["user", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="fablab_booking_end_after_start"
            ),
            PostgresExclusionConstraint(
                name="fablab_booking_no_overlap",
                expressions=[
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("machine", RangeOperators.EQUAL),
                ],
                condition=~Q(status="cancelled"),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.machine} · {local:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("fablab:booking-detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    def cancellation_deadline(self):
        return self.start - timedelta(hours=self.machine.cancellation_deadline_hours)


class UsageRecord(TimeStampedModel):
    """What was really used at the end of a booking; feeds the machine's usage counters."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="usage")
    minutes_used = models.PositiveIntegerField(_("time used (minutes)"))
    quantity = models.DecimalField(
        _("quantity consumed"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("In the machine's unit."),
    )
    material = models.CharField(
        _("material"), max_length=120, blank=True, help_text=_("e.g. PLA, plywood 3 mm")
    )
    notes = models.CharField(_("remarks"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("end-of-use record")
        verbose_name_plural = _("end-of-use records")

    def __str__(self) -> str:
        return f"{self.booking} · {self.minutes_used} min"


class SafetyQuiz(TimeStampedModel):
    """An optional safety quiz per category; a passed attempt is part of an authorisation's evidence."""

    category = models.OneToOneField(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="quiz"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("Share of right answers needed to pass.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("safety quiz")
        verbose_name_plural = _("safety quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="fablab_quiz_pass_mark_percent")
        ]

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(SafetyQuiz, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("answers"), default=list, help_text=_("A list of possible answers."))
    correct_choice = models.PositiveSmallIntegerField(_("number of the right answer (from 0)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(SafetyQuiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.quiz} · {self.score} %"


class AuthorisationQuerySet(models.QuerySet):
    def valid(self, on=None) -> "AuthorisationQuerySet":
        day = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )

    def covering(self, machine: Machine) -> "AuthorisationQuerySet":
        return self.filter(place_id=machine.place_id).filter(
            Q(machine_id=machine.pk) | Q(machine__isnull=True, category_id=machine.category_id)
        )


class Authorisation(TimeStampedModel):
    """Habilitation: a person may use a machine, or every machine of a category, in a place."""

    class Evidence(models.TextChoices):
        TRAINING = "training", _("Attended a training session")
        MANUAL = "manual", _("Checked by a fablab manager")
        PRIOR_EXPERIENCE = "prior_experience", _("Proven prior experience")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="authorisations",
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="+")
    machine = models.ForeignKey(
        Machine, verbose_name=_("machine"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_on = models.DateField(_("granted on"), default=timezone.localdate)
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices)
    evidence_note = models.CharField(_("details of the evidence"), max_length=300, blank=True)
    registration_id = models.PositiveBigIntegerField(_("training registration"), null=True, blank=True)
    quiz_attempt = models.ForeignKey(
        QuizAttempt, verbose_name=_("safety quiz passed"), null=True, blank=True, on_delete=models.SET_NULL
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(_("marked expired at"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        pgettext_lazy("machine authorisation", "revoked at"), null=True, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(machine__isnull=False) | Q(category__isnull=False),
                name="fablab_authorisation_machine_or_category",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="fablab_authorisation_revocation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["user", "place"]), models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        return str(self.machine) if self.machine_id else str(self.category)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_valid(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "valid"


class CalendarFeed(models.Model):
    """The secret address of a person's iCal feed of bookings (calendar apps cannot sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fablab_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class MachineTraining(TimeStampedModel):
    """A programme workshop training people on machines: attending a session grants authorisations."""

    workshop = models.OneToOneField(
        "programme.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="machine_training",
    )
    machines = models.ManyToManyField(
        Machine, verbose_name=_("machines covered"), blank=True, related_name="trainings"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("or every machine of a category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )

    class Meta:
        verbose_name = _("machine training")
        verbose_name_plural = _("machine trainings")

    def __str__(self) -> str:
        return str(self.workshop)


def plan_photo_path(instance: "MaintenancePlan", filename: str) -> str:
    return f"fablab/procedures/{instance.machine_id}/{secrets.token_hex(8)}{Path(filename).suffix.lower()}"


class MaintenancePlan(TimeStampedModel):
    """Preventive maintenance of a machine, due by calendar, by usage, or whichever comes first."""

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    machine = models.ForeignKey(
        Machine, verbose_name=_("machine"), on_delete=models.CASCADE, related_name="maintenance_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    interval = models.PositiveSmallIntegerField(
        _("every (calendar)"), null=True, blank=True, help_text=_("Leave empty for a plan by usage only.")
    )
    interval_unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.MONTHS)
    usage_hours = models.PositiveIntegerField(
        _("every (hours of use)"), null=True, blank=True, help_text=_("Leave empty for a calendar plan only.")
    )
    checklist = models.TextField(
        _("checklist"), help_text=_("One step per line; each must be ticked to close.")
    )
    procedure = models.TextField(
        _("first-level procedure"),
        blank=True,
        help_text=_("Markdown: **bold**, lists, links. Add a photo below."),
    )
    photo = models.ImageField(
        _("photo for the procedure"),
        upload_to=plan_photo_path,
        blank=True,
        validators=[validate_machine_photo],
        help_text=_("JPEG, PNG or WebP, 5 MB at most."),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("expected duration (minutes)"), default=60)
    is_active = models.BooleanField(_("active"), default=True)
    last_done_on = models.DateField(_("last done on"), null=True, blank=True)
    usage_minutes_at_last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["machine", "title"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval__isnull=False) | Q(usage_hours__isnull=False),
                name="fablab_plan_has_a_trigger",
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine} · {self.title}"

    def checklist_lines(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class MaintenanceOrder(TimeStampedModel):
    """A maintenance job on a machine; while scheduled, its window blocks bookings."""

    class Kind(models.TextChoices):
        PREVENTIVE = "preventive", _("Preventive")
        CORRECTIVE = "corrective", _("Corrective")

    class State(models.TextChoices):
        NEW = "new", _("New")
        SCHEDULED = "scheduled", pgettext_lazy("maintenance order state", "Scheduled")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING_PARTS = "waiting_parts", _("Waiting for parts")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Parts(models.TextChoices):
        NONE = "none", _("No part needed")
        NEEDED = "needed", _("Parts needed")
        ORDERED = "ordered", _("Parts ordered")
        RECEIVED = "received", _("Parts received")

    OPEN_STATES = (State.NEW, State.SCHEDULED, State.IN_PROGRESS, State.WAITING_PARTS)

    machine = models.ForeignKey(
        Machine, verbose_name=_("machine"), on_delete=models.CASCADE, related_name="maintenance_orders"
    )
    plan = models.ForeignKey(
        MaintenancePlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    window = models.OneToOneField(
        Unavailability, null=True, blank=True, on_delete=models.SET_NULL, related_name="maintenance_order"
    )
    parts = models.CharField(_("parts"), max_length=20, choices=Parts.choices, default=Parts.NONE)
    parts_note = models.CharField(_("parts details"), max_length=300, blank=True)
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    time_spent_minutes = models.PositiveIntegerField(_("time spent (minutes)"), null=True, blank=True)
    cost = models.DecimalField(_("cost (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("maintenance order")
        verbose_name_plural = _("maintenance orders")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(state__in=["new", "scheduled", "in_progress", "waiting_parts"]),
                name="fablab_one_open_order_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("fablab:order-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


def incident_photo_path(instance: "IncidentReport", filename: str) -> str:
    return f"fablab/incidents/{instance.machine_id}/{secrets.token_hex(8)}{Path(filename).suffix.lower()}"


class IncidentReport(models.Model):
    """A problem reported by anyone through the QR code on a machine; it opens a corrective order."""

    class Severity(models.TextChoices):
        DOWN = "down", _("The machine does not work")
        DEGRADED = "degraded", _("It works badly")
        NOT_SURE = "not_sure", _("Not sure")

    machine = models.ForeignKey(
        Machine, verbose_name=_("machine"), on_delete=models.CASCADE, related_name="incidents"
    )
    description = models.TextField(_("what happened"))
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.NOT_SURE
    )
    photo = models.ImageField(
        _("photo"), upload_to=incident_photo_path, blank=True, validators=[validate_machine_photo]
    )
    contact = models.EmailField(
        _("your email (optional)"),
        blank=True,
        help_text=_("To be told when it is fixed. Used for nothing else."),
    )
    source_hash = models.CharField(max_length=64, db_index=True)
    order = models.OneToOneField(
        MaintenanceOrder, null=True, blank=True, on_delete=models.SET_NULL, related_name="incident"
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    reporter_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")

    def __str__(self) -> str:
        return f"{self.machine} · {self.created_at:%Y-%m-%d}"


class ConsumableQuerySet(models.QuerySet):
    def low(self) -> "ConsumableQuerySet":
        return self.filter(is_active=True, quantity__lte=models.F("reorder_threshold"))


class Consumable(TimeStampedModel):
    """A supply kept in stock at a place (filament, plywood sheets, vinyl…); `quantity` is the stock there."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="consumables"
    )
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. m, kg, sheets, spools"))
    supplier = models.CharField(_("supplier"), max_length=150, blank=True)
    unit_cost = models.DecimalField(_("unit cost (€)"), max_digits=10, decimal_places=2, default=0)
    reorder_threshold = models.DecimalField(
        _("reorder threshold"), max_digits=12, decimal_places=2, default=0
    )
    quantity = models.DecimalField(_("in stock"), max_digits=12, decimal_places=2, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ConsumableQuerySet.as_manager()

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="fablab_consumable_unique_name"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="fablab_consumable_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def is_low(self) -> bool:
        return self.quantity <= self.reorder_threshold


class StockMovement(models.Model):
    """One change of a stock, signed (+ in, − out), with the stock that resulted."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        USE = "use", _("Use on a machine")
        LOSS = "loss", _("Loss or damage")
        ADJUSTMENT = "adjustment", _("Inventory adjustment")
        TRANSFER_IN = "transfer_in", _("Transfer from another place")
        TRANSFER_OUT = "transfer_out", _("Transfer to another place")

    consumable = models.ForeignKey(Consumable, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    resulting_quantity = models.DecimalField(_("stock after"), max_digits=12, decimal_places=2)
    usage = models.ForeignKey(
        UsageRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="stock_movements"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.consumable} {self.quantity:+}"


class LendableItem(TimeStampedModel):
    """Equipment lent for use outside the place: laptops, tablets, a projector, a portable 3D printer…"""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="lendable_items"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.CharField(_("description"), max_length=300, blank=True)
    accessories = models.TextField(
        _("accessories"),
        blank=True,
        help_text=_("One per line (charger, case, cable…); checked out and back in."),
    )
    is_active = models.BooleanField(_("lendable"), default=True)

    class Meta:
        ordering = ["place", "name"]
        verbose_name = _("lendable equipment")
        verbose_name_plural = _("lendable equipment")

    def __str__(self) -> str:
        return self.name

    def accessory_lines(self) -> list[str]:
        return [line.strip() for line in self.accessories.splitlines() if line.strip()]


class Loan(models.Model):
    class BorrowerKind(models.TextChoices):
        PERSON = "person", _("A person")
        PARTNER = "partner", _("A partner organisation")
        EVENT = "event", _("An event outside the place")

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        WORN = "worn", _("Worn")
        DAMAGED = "damaged", _("Damaged")

    item = models.ForeignKey(
        LendableItem, verbose_name=_("equipment"), on_delete=models.CASCADE, related_name="loans"
    )
    borrower_kind = models.CharField(_("lent to"), max_length=20, choices=BorrowerKind.choices)
    borrower = models.CharField(_("who or which event"), max_length=200)
    email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Reminded there when the loan is overdue.")
    )
    due_on = models.DateField(_("to bring back on"))
    accessories_out = models.JSONField(_("accessories lent"), default=list, blank=True)
    checked_out_at = models.DateTimeField(_("lent at"), default=timezone.now)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessories_back = models.JSONField(_("accessories returned"), default=list, blank=True)
    condition = models.CharField(
        _("condition on return"), max_length=20, choices=Condition.choices, blank=True
    )
    return_note = models.CharField(_("remarks on return"), max_length=300, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_out_at"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(returned_at__isnull=True), name="fablab_one_open_loan_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.borrower}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def missing_accessories(self) -> list[str]:
        return [name for name in self.accessories_out if name not in self.accessories_back]
