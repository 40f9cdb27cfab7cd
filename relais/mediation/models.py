"""Beneficiaries, activities (individual and collective accompaniments), tags and CRCN assessments."""

import unicodedata
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relais.core.models import Organisation, Place, TimeStampedModel
from relais.core.validators import ChoicesListValidator, validate_insee_code
from relais.mediation import crcn
from relais.mediation.vocabularies import (
    MAX_DURATION,
    MIN_DURATION,
    ActivityKind,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    Theme,
    WorkshopLevel,
)


def normalise(text: str) -> str:
    """Lower case without accents or extra spaces: the form in which names are searched and compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


class BeneficiaryQuerySet(models.QuerySet):
    def for_places(self, places) -> "BeneficiaryQuerySet":
        return self.filter(place__in=places)

    def active(self) -> "BeneficiaryQuerySet":
        """Files that were not merged into another one."""
        return self.filter(merged_into__isnull=True)

    def search(self, query: str) -> "BeneficiaryQuerySet":
        """Every word must appear in the name, phone, e-mail or commune (anonymised and merged files
        have an empty search text and never match)."""
        qs = self
        for word in normalise(query).split():
            digits = word.replace(".", "").replace(" ", "")
            if digits.lstrip("+").isdigit() and len(digits) >= 4:
                word = digits[-9:] if len(digits) > 9 else digits
            qs = qs.filter(search_text__contains=word)
        return qs


class Beneficiary(TimeStampedModel):
    """A person accompanied in a place; the identity is optional and can be wiped, demographics stay."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="beneficiaries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    age_bracket = models.CharField(
        _("age bracket"), max_length=30, choices=AgeBracket.choices, default=AgeBracket.NON_COMMUNIQUE
    )
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.NON_COMMUNIQUE)
    social_status = models.CharField(
        _("social status"), max_length=20, choices=SocialStatus.choices, default=SocialStatus.NON_COMMUNIQUE
    )
    commune_insee = models.CharField(
        _("INSEE code of the home commune"), max_length=5, blank=True, validators=[validate_insee_code]
    )
    commune_name = models.CharField(_("home commune"), max_length=120, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Storing sensitive data (health, passwords, religion, etc.) is forbidden."),
    )
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    last_activity_on = models.DateField(_("last activity on"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_files",
    )

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        indexes = [
            models.Index(fields=["place", "last_name", "first_name"], name="benef_place_name"),
            models.Index(fields=["place", "search_text"], name="benef_place_search"),
            models.Index(fields=["place", "phone"], name="benef_place_phone"),
            models.Index(fields=["place", "email"], name="benef_place_email"),
            models.Index(fields=["last_activity_on"], name="benef_last_activity"),
            models.Index(fields=["place", "import_key"], name="benef_place_import_key"),
            # Covers the search: read in name order, filter on the search text, no table access.
            models.Index(
                fields=["place", "last_name", "first_name", "search_text"], name="benef_place_name_search"
            ),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return _("Anonymised beneficiary #%(pk)s") % {"pk": self.pk}
        full = f"{self.first_name} {self.last_name}".strip()
        return full or _("Beneficiary #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("mediation:beneficiary-detail", kwargs={"pk": self.pk})

    @property
    def has_identity(self) -> bool:
        return bool(self.first_name or self.last_name or self.phone or self.email)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def build_search_text(self) -> str:
        phone = "".join(char for char in self.phone if char.isdigit())
        parts = [self.first_name, self.last_name, self.email, self.commune_name, phone, phone[-9:]]
        return normalise(" ".join(part for part in parts if part))[:400]


class Tag(TimeStampedModel):
    """A local label on activities, shared in one place or across a network (funders, local schemes)."""

    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=280, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.CASCADE, related_name="tags"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activity_tags",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False, organisation__isnull=True)
                | Q(place__isnull=True, organisation__isnull=False),
                name="tag_one_scope",
            ),
            models.UniqueConstraint(fields=["place", "name"], name="tag_unique_in_place"),
            models.UniqueConstraint(fields=["organisation", "name"], name="tag_unique_in_network"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(models.QuerySet):
    def for_places(self, places) -> "ActivityQuerySet":
        return self.filter(place__in=places)

    def with_theme(self, code: str) -> "ActivityQuerySet":
        if connections[self.db].vendor == "postgresql":
            return self.filter(themes__contains=[code])
        return self.filter(themes__icontains=f'"{code}"')

    def for_list(self) -> "ActivityQuerySet":
        return self.select_related("place", "author", "beneficiary").order_by("-date", "-pk")


class Activity(TimeStampedModel):
    """One accompaniment record (CRA): individual, or a collective workshop with its participants."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="activities"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_activities",
    )
    date = models.DateField(_("date"))
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    place_type = models.CharField(
        _("place type"), max_length=20, choices=PlaceType.choices, default=PlaceType.LIEU_ACTIVITE
    )
    location_commune_insee = models.CharField(
        _("INSEE code of the commune where it took place"),
        max_length=5,
        blank=True,
        validators=[validate_insee_code],
    )
    location_commune_name = models.CharField(_("commune where it took place"), max_length=120, blank=True)
    themes = models.JSONField(_("themes"), default=list, validators=[ChoicesListValidator(Theme.values)])
    procedure_name = models.CharField(_("name of the administrative procedure"), max_length=200, blank=True)
    equipment = models.JSONField(
        _("equipment used"), default=list, blank=True, validators=[ChoicesListValidator(Equipment.values)]
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="activities")
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Storing sensitive data (health, passwords, religion, etc.) is forbidden."),
    )
    # Individual accompaniment
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    already_helped = models.BooleanField(
        _("already helped before"),
        default=False,
        help_text=_("For an anonymous person: keeps the count of new beneficiaries right."),
    )
    autonomy = models.CharField(_("autonomy"), max_length=30, choices=Autonomy.choices, blank=True)
    referred = models.BooleanField(_("referred to another structure"), default=False)
    referral_structure = models.CharField(
        _("structure referred to"), max_length=40, choices=ReferralStructure.choices, blank=True
    )
    # Demographics at the time of the activity (an individual's, typed or copied from the file).
    age_bracket = models.CharField(
        _("age bracket"), max_length=30, choices=AgeBracket.choices, default=AgeBracket.NON_COMMUNIQUE
    )
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.NON_COMMUNIQUE)
    social_status = models.CharField(
        _("social status"), max_length=20, choices=SocialStatus.choices, default=SocialStatus.NON_COMMUNIQUE
    )
    commune_insee = models.CharField(
        _("INSEE code of the beneficiary's commune"),
        max_length=5,
        blank=True,
        validators=[validate_insee_code],
    )
    commune_name = models.CharField(_("beneficiary's commune"), max_length=120, blank=True)
    # Collective workshop
    workshop_title = models.CharField(_("workshop title"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=WorkshopLevel.choices, blank=True)
    participants = models.ManyToManyField(
        Beneficiary, verbose_name=_("followed participants"), blank=True, related_name="workshops"
    )
    anonymous_participants = models.JSONField(_("anonymous participants"), default=dict, blank=True)
    # Number of accompaniments this record counts for: 1, or every participant of a workshop.
    participant_count = models.PositiveIntegerField(_("participants"), default=1)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    import_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["-date", "-id"], name="activity_date"),
            models.Index(fields=["place", "-date", "-id"], name="activity_place_date"),
            models.Index(fields=["author", "-date"], name="activity_author_date"),
            # Whether a mediator recorded anything in a place over a period: one probe per place.
            models.Index(fields=["author", "place", "date"], name="activity_author_place_date"),
            models.Index(fields=["beneficiary", "date"], name="activity_beneficiary_date"),
            models.Index(fields=["place", "kind", "-date"], name="activity_place_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gte=MIN_DURATION, duration__lte=MAX_DURATION),
                name="activity_duration_range",
            ),
            models.UniqueConstraint(
                fields=["place", "import_key"], condition=~Q(import_key=""), name="activity_unique_import_key"
            ),
        ]

    def __str__(self) -> str:
        label = self.workshop_title if self.kind == ActivityKind.COLLECTIVE and self.workshop_title else None
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}" + (f" — {label}" if label else "")

    def get_absolute_url(self) -> str:
        return reverse("mediation:activity-detail", kwargs={"pk": self.pk})

    @property
    def is_collective(self) -> bool:
        return self.kind == ActivityKind.COLLECTIVE

    @property
    def anonymous_total(self) -> int:
        return int((self.anonymous_participants or {}).get("total", 0))

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]

    def equipment_labels(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [str(labels.get(code, code)) for code in self.equipment]


class Assessment(TimeStampedModel):
    """A CRCN self-assessment: answers to the "can you…" statements and the level per competence."""

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="assessments"
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_on = models.DateField(_("date"))
    answers = models.JSONField(_("answers"), default=dict)
    levels = models.JSONField(_("level per competence"), default=dict)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("skills assessment")
        verbose_name_plural = _("skills assessments")
        indexes = [models.Index(fields=["beneficiary", "taken_on"], name="assessment_benef_date")]

    def __str__(self) -> str:
        return _("Skills assessment of %(date)s") % {"date": self.taken_on.strftime("%d/%m/%Y")}

    def get_absolute_url(self) -> str:
        return reverse("mediation:assessment-detail", kwargs={"pk": self.pk})

    def domain_levels(self) -> dict[int, float]:
        return crcn.domain_levels(self.levels)

    def weak_competences(self) -> list[str]:
        return [
            code
            for code in crcn.COMPETENCE_CODES
            if code in self.levels and self.levels[code] <= crcn.WEAK_LEVEL
        ]
