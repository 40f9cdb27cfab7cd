"""Collaborative projects and the partner network: directory, briefs, budgets, teams, outputs."""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core import validators
from relais.core.models import Place, TimeStampedModel
from relais.core.scoping import places_for_user
from relais.projects.validators import validate_output_file, validate_upload


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Not available at the moment")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
    CC_BY_ND = "CC-BY-ND-4.0", _("Creative Commons Attribution-NoDerivatives (CC BY-ND 4.0)")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
    CC_BY_NC_SA = (
        "CC-BY-NC-SA-4.0",
        _("Creative Commons Attribution-NonCommercial-ShareAlike (CC BY-NC-SA 4.0)"),
    )
    CC_BY_NC_ND = (
        "CC-BY-NC-ND-4.0",
        _("Creative Commons Attribution-NonCommercial-NoDerivatives (CC BY-NC-ND 4.0)"),
    )
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")


class Skill(models.Model):
    """An entry of the network's shared, editable vocabulary of skills."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=250, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


def _network_ids_of_places(places) -> set[int]:
    return {
        parent_id or organisation_id
        for organisation_id, parent_id in places.values_list("organisation_id", "organisation__parent_id")
    }


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PartnerQuerySet":
        """Partners of the user's places, and partners of their network who consented to be listed."""
        places = places_for_user(user)
        networks = _network_ids_of_places(places)
        network_places = Place.objects.filter(
            Q(organisation_id__in=networks) | Q(organisation__parent_id__in=networks)
        ).values("pk")
        # Subqueries on the place only: no join, so no DISTINCT and the directory pages stay fast.
        return self.filter(
            Q(place_id__in=places.values("pk")) | Q(is_listed=True, place_id__in=network_places)
        )

    def editable_by(self, user) -> "PartnerQuerySet":
        from relais.projects.permissions import DIRECTORY_ROLES

        return self.filter(place__in=places_for_user(user, DIRECTORY_ROLES))


class Partner(TimeStampedModel):
    """An organisation or freelancer of the network's directory, with its contact people."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        PUBLIC_BODY = "public_body", _("Public body")
        SCHOOL = "school", _("School or university")
        FREELANCER = "freelancer", _("Freelancer")
        FUNDER = "funder", _("Funder or foundation")
        OTHER = "other", _("Other")

    place = models.ForeignKey(
        Place,
        verbose_name=_("place that maintains this entry"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    description = models.TextField(_("presentation"), blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    insee_code = models.CharField(
        _("INSEE commune code"), max_length=5, blank=True, validators=[validators.validate_insee_code]
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills offered"), blank=True, related_name="partners"
    )
    resources = models.TextField(
        _("resources offered"), blank=True, help_text=_("Premises, machines, materials, funding, time…")
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    availability_note = models.CharField(_("availability details"), max_length=200, blank=True)
    is_listed = models.BooleanField(
        _("agrees to be listed in the network directory"),
        default=False,
        help_text=_("Without this consent, only the place that maintains the entry sees it."),
    )
    accepts_contact = models.BooleanField(
        _("agrees to be contacted about projects"),
        default=False,
        help_text=_("Without this consent, nobody can invite this partner to a project."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partner_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partner_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:partner-detail", kwargs={"pk": self.pk})

    @property
    def primary_contact(self) -> "PartnerContact | None":
        contacts = list(self.contacts.all())
        return next((c for c in contacts if c.is_primary), contacts[0] if contacts else None)

    @property
    def contact_email(self) -> str:
        contact = self.primary_contact
        return (contact.email if contact and contact.email else "") or self.email


class PartnerContact(models.Model):
    """A contact person (référent·e) of a partner."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        ordering = ["-is_primary", "last_name", "first_name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ContributorProfile(TimeStampedModel):
    """What a person offers to the network's projects: skills, where, when, and consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="contributor_profile",
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="contributors")
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    insee_code = models.CharField(
        _("INSEE commune code"), max_length=5, blank=True, validators=[validators.validate_insee_code]
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    availability_note = models.CharField(_("availability details"), max_length=200, blank=True)
    is_listed = models.BooleanField(_("appear in project suggestions"), default=False)
    accepts_contact = models.BooleanField(_("agree to be invited to projects by email"), default=False)

    class Meta:
        verbose_name = _("contributor profile")
        verbose_name_plural = _("contributor profiles")

    def __str__(self) -> str:
        return str(self.user)


class ProjectQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProjectQuerySet":
        return self.filter(place__in=places_for_user(user))

    def published(self) -> "ProjectQuerySet":
        return self.filter(is_published=True)


class Project(TimeStampedModel):
    """A collaborative project with its brief, budget, economic model, team and documentation."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        FRAMING = "framing", _("Framing")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project owner"),
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # The brief (cahier des charges).
    context = models.TextField(_("context"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    technical_constraints = models.TextField(_("technical constraints"), blank=True)
    machines_needed = models.TextField(_("machines needed"), blank=True)
    needed_skills = models.ManyToManyField(
        Skill, verbose_name=_("skills needed"), blank=True, related_name="projects"
    )
    risks = models.TextField(_("risks"), blank=True)
    # The economic model, as canvas fields.
    value_proposition = models.TextField(_("value proposition"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    channels = models.TextField(_("channels"), blank=True)
    key_resources = models.TextField(_("key resources"), blank=True)
    key_partners = models.TextField(_("key partners"), blank=True)
    costs = models.TextField(_("cost structure"), blank=True)
    revenues = models.TextField(_("revenue streams"), blank=True)
    # Documentation.
    materials = models.TextField(_("materials"), blank=True)
    machines_used = models.TextField(_("machines used"), blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    is_published = models.BooleanField(_("published in the public gallery"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    BRIEF_FIELDS = [
        "context",
        "goals",
        "audience",
        "deliverables",
        "technical_constraints",
        "machines_needed",
        "risks",
    ]
    CANVAS_FIELDS = [
        "value_proposition",
        "beneficiaries",
        "channels",
        "key_resources",
        "key_partners",
        "costs",
        "revenues",
    ]

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"pk": self.pk})

    def brief_items(self) -> list[tuple[str, str]]:
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.BRIEF_FIELDS]

    def canvas_items(self) -> list[tuple[str, str]]:
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.CANVAS_FIELDS]

    def budget_totals(self) -> dict[str, Decimal]:
        """Expenses, funding (refused lines left out) and the balance (funding − expenses)."""
        rows = (
            self.budget_lines.exclude(status=BudgetLine.Status.REFUSED)
            .values("kind")
            .annotate(total=Sum("amount"))
        )
        totals = {row["kind"]: row["total"] or Decimal("0") for row in rows}
        expenses = totals.get(BudgetLine.Kind.EXPENSE, Decimal("0.00"))
        funding = totals.get(BudgetLine.Kind.FUNDING, Decimal("0.00"))
        return {"expenses": expenses, "funding": funding, "balance": funding - expenses}


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        EXPENSE = "expense", _("Expense")
        FUNDING = "funding", _("Funding")

    class Status(models.TextChoices):
        # A context keeps these words apart from other apps' "Confirmed" or "Refused" (gender differs).
        PLANNED = "planned", pgettext_lazy("budget line status", "Planned")
        REQUESTED = "requested", pgettext_lazy("budget line status", "Requested")
        CONFIRMED = "confirmed", pgettext_lazy("budget line status", "Confirmed")
        PAID = "paid", pgettext_lazy("budget line status", "Paid or received")
        REFUSED = "refused", pgettext_lazy("budget line status", "Refused")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), message=_("The amount must be greater than zero."))],
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Funder, supplier, own funds, in-kind contribution…"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive")]

    def __str__(self) -> str:
        return f"{self.label} ({self.amount} €)"


class TeamRole(models.TextChoices):
    COORDINATION = "coordination", _("Coordination")
    DESIGN = "design", _("Design")
    FABRICATION = "fabrication", _("Fabrication")
    DEVELOPMENT = "development", _("Development")
    FACILITATION = "facilitation", _("Facilitation")
    EXPERTISE = "expertise", _("Expertise")
    FUNDING = "funding", _("Funding")
    CONTRIBUTION = "contribution", _("Contribution")


class ProjectMember(models.Model):
    """A contributor of a project (a person or a partner) with a role."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.CONTRIBUTION)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    class Meta:
        ordering = ["joined_on", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(partner__isnull=True))
                | (Q(user__isnull=True) & Q(partner__isnull=False)),
                name="project_member_user_xor_partner",
            ),
            models.UniqueConstraint(fields=["project", "user"], name="project_member_unique_user"),
            models.UniqueConstraint(fields=["project", "partner"], name="project_member_unique_partner"),
        ]

    def __str__(self) -> str:
        return str(self.user or self.partner)

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else self.partner.contact_email


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(status=ProjectInvitation.Status.PENDING, expires_at__gt=timezone.now())


class ProjectInvitation(TimeStampedModel):
    """An invitation by email to join a project's team, accepted or declined through a link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.CONTRIBUTION)
    message = models.TextField(_("message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(_("expires at"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project invitation")
        verbose_name_plural = _("project invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"

    @property
    def invitee(self):
        return self.user or self.partner

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


def _step_photo_path(instance, filename: str) -> str:
    return f"projects/{instance.project_id}/steps/{filename}"


class DocumentationStep(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    photo = models.ImageField(
        _("photo"), upload_to=_step_photo_path, blank=True, validators=[validate_upload]
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("documentation step")
        verbose_name_plural = _("documentation steps")

    def __str__(self) -> str:
        return self.title


class CoordinationActivity(TimeStampedModel):
    """A mediator's own time spent on projects and partnerships, for reporting."""

    class Kind(models.TextChoices):
        ANIMATION = "animation", _("Network animation")
        EVENEMENT = "evenement", _("Event")
        PARTENARIAT = "partenariat", _("Partnership")

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="coordination_activities"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        on_delete=models.PROTECT,
        related_name="coordination_activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordination_activities",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners involved"), blank=True, related_name="coordination_activities"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("coordination activity")
        verbose_name_plural = _("coordination activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=1440),
                name="coordination_activity_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"


class ProjectEvent(TimeStampedModel):
    """A programme event run for a project (co-design workshop, hackathon, meetup)."""

    class Format(models.TextChoices):
        CO_DESIGN = "co_design", _("Co-design workshop")
        HACKATHON = "hackathon", _("Hackathon")
        MEETUP = "meetup", _("Meetup")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events"
    )
    # PROTECT: the outputs of a participatory event are the project's memory; the event must stay.
    event = models.ForeignKey(
        "programme.Event",
        verbose_name=_("programme event"),
        on_delete=models.PROTECT,
        related_name="project_links",
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.CO_DESIGN)
    digest_sent_at = models.DateTimeField(_("outputs sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participatory event")
        verbose_name_plural = _("participatory events")
        constraints = [models.UniqueConstraint(fields=["project", "event"], name="project_event_unique")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} · {self.event}"


def _output_path(instance, filename: str) -> str:
    return f"projects/{instance.project_event.project_id}/events/{instance.project_event_id}/{filename}"


class EventOutput(models.Model):
    """What a participatory event produced: minutes, a decision, a photo or a file."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        DECISION = "decision", _("Decision")
        PHOTO = "photo", _("Photo")
        FILE = "file", pgettext_lazy("attachment", "File")

    project_event = models.ForeignKey(
        ProjectEvent, verbose_name=_("participatory event"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=_output_path, blank=True, validators=[validate_output_file])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event output")
        verbose_name_plural = _("event outputs")

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return bool(self.file) and self.file.name.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png", "webp"}
