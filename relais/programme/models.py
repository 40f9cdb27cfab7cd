"""Programme: workshop catalogue, events and their sessions, registrations, messages and surveys."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.core.models import Place, TimeStampedModel
from relais.programme import vocabularies

ATTENDANCE_OPENS_BEFORE = timedelta(hours=2)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Beginner")
    INTERMEDIATE = "intermediaire", _("Intermediate")
    ADVANCED = "avance", _("Advanced")


class Fees(models.TextChoices):
    # The national places schema's "frais_a_charge" values, kept verbatim.
    FREE = "Gratuit", _("Free")
    FREE_UNDER_CONDITION = "Gratuit sous condition", _("Free under condition")
    PAID = "Payant", _("Paid")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open: first come, first served")
    APPROVAL = "approval", _("On approval by the team")
    NONE = "none", _("No registration: just come")


class Workshop(TimeStampedModel):
    """A catalogue entry: what a workshop is about, for whom, how long and how many people."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(
        _("themes"), default=list, blank=True, validators=[vocabularies.validate_themes]
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    competences = models.JSONField(
        _("CRCN competences"), default=list, blank=True, validators=[vocabularies.validate_competences]
    )
    publics = models.JSONField(
        _("target public"), default=list, blank=True, validators=[vocabularies.validate_publics]
    )
    public_notes = models.CharField(
        _("who it is for"),
        max_length=250,
        blank=True,
        help_text=_("E.g. adults who have never used a computer."),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    default_capacity = models.PositiveIntegerField(_("default capacity"), default=10)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    fees = models.CharField(_("fees"), max_length=30, choices=Fees.choices, default=Fees.FREE)
    fee_conditions = models.CharField(_("fee conditions"), max_length=250, blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="workshop_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:workshop-detail", kwargs={"pk": self.pk})


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True, place__is_visible=True, place__is_active=True)


class Event(TimeStampedModel):
    """Something on the programme (a workshop instance, a training, a debate, an open day) with sessions."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        DEBATE = "debate", _("Debate")
        OPEN_DAY = "open_day", _("Open day")
        OTHER = "other", _("Other event")

    uid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="events")
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(
        _("themes"), default=list, blank=True, validators=[vocabularies.validate_themes]
    )
    publics = models.JSONField(
        _("target public"), default=list, blank=True, validators=[vocabularies.validate_publics]
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    fees = models.CharField(_("fees"), max_length=30, choices=Fees.choices, default=Fees.FREE)
    fee_conditions = models.CharField(_("fee conditions"), max_length=250, blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    registration_mode = models.CharField(
        _("registration"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    reminder_hours = models.PositiveIntegerField(
        _("reminder (hours before)"),
        default=48,
        help_text=_("Registered people are reminded this many hours before each session; 0 for no reminder."),
    )
    is_published = models.BooleanField(_("published on the public agenda"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:event-detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("programme:agenda-event", kwargs={"pk": self.pk})


class Series(models.Model):
    """A recurrence rule that generated sessions of one event (weekly, every other week, monthly)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every other week")
        MONTHLY = "monthly", _("Every month, same weekday")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="series")
    frequency = models.CharField(_("repeat"), max_length=20, choices=Frequency.choices)
    rrule = models.CharField(_("recurrence rule (RFC 5545)"), max_length=250)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return f"{self.event} · {self.get_frequency_display()}"


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "SessionQuerySet":
        return self.filter(end_at__gt=now or timezone.now())

    def past(self, now=None) -> "SessionQuerySet":
        return self.filter(end_at__lte=now or timezone.now())

    def scheduled(self) -> "SessionQuerySet":
        return self.filter(status=Session.Status.SCHEDULED)

    def public(self) -> "SessionQuerySet":
        return self.filter(
            event__is_published=True,
            event__place__is_visible=True,
            event__place__is_active=True,
            place__is_visible=True,
            place__is_active=True,
        )

    def for_places(self, places) -> "SessionQuerySet":
        return self.filter(place__in=places)

    def with_counts(self) -> "SessionQuerySet":
        state = Registration.State
        return self.annotate(
            taken_count=Count(
                "registrations", filter=Q(registrations__state__in=[state.CONFIRMED, state.ATTENDED])
            ),
            waitlist_count=Count("registrations", filter=Q(registrations__state=state.WAITLISTED)),
        )

    def with_seats_left(self) -> "SessionQuerySet":
        counted = self if "taken_count" in self.query.annotations else self.with_counts()
        return counted.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("taken_count")))


class Session(TimeStampedModel):
    """One occurrence of an event: where, when, who runs it, how many seats."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="sessions"
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_sessions",
    )
    start_at = models.DateTimeField(_("start"), db_index=True)
    end_at = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_mode = models.CharField(
        _("registration"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # RFC 5545 SEQUENCE: bumped on every change a calendar client must pick up.
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=250, blank=True)
    attendance_closed_at = models.DateTimeField(_("attendance closed at"), null=True, blank=True)
    activity = models.ForeignKey(
        "mediation.Activity",
        verbose_name=_("collective activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_sessions",
    )
    survey_sent_at = models.DateTimeField(_("survey sent at"), null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(end_at__gt=F("start_at")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["place", "start_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.start_at)
        return f"{self.event.title} · {local:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("programme:session-detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("programme:agenda-register", kwargs={"pk": self.pk})

    def get_survey_url(self) -> str:
        """The anonymous survey of the sign-in sheet's QR code."""
        return reverse("programme:session-survey", kwargs={"uid": self.uid})

    @property
    def is_past(self) -> bool:
        return self.end_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.start_at <= timezone.now()

    @property
    def attendance_open(self) -> bool:
        """Presence can be recorded from two hours before the start."""
        return self.start_at - timezone.now() <= ATTENDANCE_OPENS_BEFORE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def duration(self) -> timedelta:
        return self.end_at - self.start_at

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    def taken_seats(self) -> int:
        if hasattr(self, "taken_count"):
            return self.taken_count
        return self.registrations.filter(state__in=Registration.SEAT_STATES).count()

    def waitlist_size(self) -> int:
        if hasattr(self, "waitlist_count"):
            return self.waitlist_count
        return self.registrations.filter(state=Registration.State.WAITLISTED).count()

    def free_seats(self) -> int | None:
        """Seats left, or None when the session has no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.taken_seats())


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(state__in=Registration.ACTIVE_STATES)

    def seated(self) -> "RegistrationQuerySet":
        return self.filter(state__in=Registration.SEAT_STATES)

    def waitlist(self) -> "RegistrationQuerySet":
        return self.filter(state=Registration.State.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(TimeStampedModel):
    """A person's place in a session, with or without an account; the state follows DESIGN.md."""

    class State(models.TextChoices):
        PENDING_CONFIRMATION = "pending_confirmation", _("Waiting for email confirmation")
        PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED_BY_PARTICIPANT = "cancelled_by_participant", _("Cancelled by the participant")
        CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("Cancelled by the organiser")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk")
        API = "api", _("Through the API")

    SEAT_STATES = (State.CONFIRMED, State.ATTENDED)
    ACTIVE_STATES = (
        State.PENDING_CONFIRMATION,
        State.PENDING_APPROVAL,
        State.WAITLISTED,
        State.CONFIRMED,
        State.ATTENDED,
        State.NO_SHOW,
    )
    CLOSED_STATES = (State.CANCELLED_BY_PARTICIPANT, State.CANCELLED_BY_ORGANISER, State.REJECTED)

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="registrations"
    )
    state = models.CharField(_("state"), max_length=30, choices=State.choices, db_index=True)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    consent = models.BooleanField(_("consent to be contacted about this session"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    messages_opt_out = models.BooleanField(
        _("no reminders or surveys"), default=False, help_text=_("The person asked not to receive reminders.")
    )
    source = models.CharField(_("registered"), max_length=20, choices=Source.choices, default=Source.ONLINE)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    beneficiary = models.ForeignKey(
        "mediation.Beneficiary",
        verbose_name=_("followed beneficiary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_registrations",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    waitlisted_at = models.DateTimeField(_("put on the waiting list at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # The session start the last reminder was sent for: a rescheduled session gets a fresh reminder.
    reminded_for_start = models.DateTimeField(null=True, blank=True)
    # The background task that claimed that reminder: the same task may take it up again after a failure
    # or a crash of its worker (so the reminder is not lost); any other task is refused (not sent twice).
    reminder_task = models.CharField(max_length=64, blank=True, editable=False)
    note = models.CharField(_("note for the team"), max_length=250, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # Online registrants must be reachable; the desk may register someone without any contact.
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(source="desk"),
                name="registration_has_contact_online",
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(email="")
                & Q(
                    state__in=[
                        "pending_confirmation",
                        "pending_approval",
                        "waitlisted",
                        "confirmed",
                        "attended",
                        "no_show",
                    ]
                ),
                name="registration_unique_active_email",
            ),
            models.UniqueConstraint(
                fields=["session", "phone"],
                condition=~Q(phone="")
                & Q(
                    state__in=[
                        "pending_confirmation",
                        "pending_approval",
                        "waitlisted",
                        "confirmed",
                        "attended",
                        "no_show",
                    ]
                ),
                name="registration_unique_active_phone",
            ),
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.session}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def has_seat(self) -> bool:
        return self.state in self.SEAT_STATES

    @property
    def can_be_cancelled(self) -> bool:
        return (
            self.state
            in (
                self.State.PENDING_CONFIRMATION,
                self.State.PENDING_APPROVAL,
                self.State.WAITLISTED,
                self.State.CONFIRMED,
            )
            and not self.session.has_started
        )

    def waitlist_position(self) -> int | None:
        if self.state != self.State.WAITLISTED:
            return None
        return (
            Registration.objects.waitlist()
            .filter(session_id=self.session_id)
            .filter(
                Q(waitlisted_at__lt=self.waitlisted_at) | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
            )
            .count()
            + 1
        )

    def get_manage_url(self) -> str:
        return reverse("programme:registration-manage", kwargs={"token": self.token})

    def get_cancel_url(self) -> str:
        return reverse("programme:registration-cancel", kwargs={"token": self.token})

    def get_confirm_url(self) -> str:
        return reverse("programme:registration-confirm", kwargs={"token": self.token})

    def get_survey_url(self) -> str:
        return reverse("programme:survey", kwargs={"token": self.token})


class MessageLog(models.Model):
    """One message sent (or refused) to a registered person: what, by which channel, with what result."""

    class Kind(models.TextChoices):
        EMAIL_CONFIRMATION = "email_confirmation", _("Email address check")
        CONFIRMATION = "confirmation", _("Registration confirmed")
        PENDING_APPROVAL = "pending_approval", _("Request received")
        WAITLISTED = "waitlisted", _("Put on the waiting list")
        PROMOTED = "promoted", _("Seat freed: confirmed from the waiting list")
        REJECTED = "rejected", _("Request declined")
        REMINDER = "reminder", _("Reminder")
        CHANGED = "changed", _("Change of time or place")
        CANCELLED_BY_ORGANISER = "cancelled_by_organiser", _("Cancelled by the organiser")
        CANCELLED_BY_PARTICIPANT = "cancelled_by_participant", _("Cancellation acknowledged")
        SURVEY = "survey", _("Satisfaction survey")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Result(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="message_logs"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("message"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    provider = models.CharField(_("provider"), max_length=80, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_channel_display()} · {self.get_result_display()}"


class SurveyAnswer(TimeStampedModel):
    """What one participant said about a session they attended."""

    class Goal(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    # Empty for answers given through the QR code of the sign-in sheet (anonymous).
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_answer",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="survey_answers"
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (0 to 10)"))
    goal_reached = models.CharField(_("did you reach your goal?"), max_length=10, choices=Goal.choices)
    recommendation = models.PositiveSmallIntegerField(
        _("how likely are you to recommend it (0 to 10)?"), null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(condition=Q(satisfaction__lte=10), name="survey_satisfaction_range"),
            models.CheckConstraint(
                condition=Q(recommendation__isnull=True) | Q(recommendation__lte=10),
                name="survey_recommendation_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.satisfaction}/10"


class CalendarFeed(models.Model):
    """A facilitator's private calendar feed, reached by a secret token that can be renewed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="programme_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("programme:facilitator-ics", kwargs={"token": self.token})
