"""Organisations, places, roles and the journal: what every other app builds on."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.core import validators
from relais.core.vocabularies import MULTI_VALUE_FIELDS, place_vocabulary, structure_typologies


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    MEDIATOR = "mediator", _("Mediator")
    FABMANAGER = "fabmanager", _("Fablab manager")
    VOLUNTEER = "volunteer", _("Volunteer")


class OrganisationQuerySet(models.QuerySet):
    def networks(self) -> "OrganisationQuerySet":
        return self.filter(kind=Organisation.Kind.NETWORK)


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        NETWORK = "network", _("Network of organisations")
        ASSOCIATION = "association", _("Association")
        MUNICIPALITY = "municipality", _("Municipality or inter-municipality")
        PUBLIC_BODY = "public_body", _("Other public body")
        COMPANY = "company", _("Company or cooperative")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    pivot = models.CharField(
        _("legal identifier (SIRET, SIREN or RNA)"),
        max_length=14,
        validators=[validators.validate_pivot],
        help_text=_("SIRET (14 digits), SIREN (9 digits) or RNA number (W followed by 9 characters)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind": Kind.NETWORK},
        help_text=_("The network that coordinates this organisation, if any."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_network(self) -> bool:
        return self.kind == self.Kind.NETWORK

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own network.")})
        if self.parent_id and self.kind == self.Kind.NETWORK and self.parent.kind == self.Kind.NETWORK:
            raise ValidationError({"parent": _("A network cannot belong to another network.")})


def _list_field(name: str, verbose_name, **kwargs) -> models.JSONField:
    return models.JSONField(
        verbose_name,
        default=list,
        blank=True,
        validators=[validators.ChoicesListValidator(place_vocabulary(name))],
        **kwargs,
    )


class PlaceQuerySet(models.QuerySet):
    def visible(self) -> "PlaceQuerySet":
        return self.filter(is_visible=True, is_active=True)

    def for_organisation(self, organisation: Organisation) -> "PlaceQuerySet":
        return self.filter(Q(organisation=organisation) | Q(organisation__parent=organisation))


class Place(TimeStampedModel):
    """A digital-mediation place, with every field of the national places schema (v1.0.1).

    `SCHEMA_FIELDS` maps each schema column to the model field that holds it.
    """

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="places"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    pivot = models.CharField(
        _("legal identifier (SIRET, SIREN or RNA)"),
        max_length=14,
        validators=[validators.validate_pivot],
        help_text=_("SIRET of the establishment (14 digits), SIREN (9 digits) or RNA number."),
    )
    address = models.CharField(
        _("address"), max_length=250, help_text=_("Number and street, e.g. 12 bis rue Leclercq.")
    )
    address_complement = models.CharField(_("address complement"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[validators.validate_postcode])
    commune = models.CharField(_("commune"), max_length=120)
    insee_code = models.CharField(
        _("INSEE commune code"), max_length=5, blank=True, validators=[validators.validate_insee_code]
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    typologies = models.JSONField(
        _("type of structure"),
        default=list,
        blank=True,
        validators=[validators.ChoicesListValidator([code for code, _label in structure_typologies()])],
        help_text=_("National typology codes (data·inclusion), e.g. TIERS_LIEUX, BIB, CCAS."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=16,
        blank=True,
        validators=[validators.validate_phone],
        help_text=_("International format without spaces, e.g. +33180059880."),
    )
    emails = models.JSONField(_("contact emails"), default=list, blank=True)
    websites = models.JSONField(_("websites and social networks"), default=list, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=500,
        blank=True,
        validators=[validators.validate_opening_hours],
        help_text=_("OpenStreetMap syntax, e.g. Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"),
    )
    summary = models.CharField(_("short presentation"), max_length=280, blank=True)
    description = models.TextField(_("detailed presentation"), blank=True)
    source = models.CharField(_("data source"), max_length=200, blank=True)
    itinerance = _list_field("itinerance", _("fixed or itinerant"))
    parent_structure = models.CharField(_("parent structure"), max_length=200, blank=True)
    services = _list_field("services", _("services"))
    specific_publics = _list_field("publics_specifiquement_adresses", _("publics specifically addressed"))
    specific_support = _list_field("prise_en_charge_specifique", _("specific support"))
    fees = _list_field("frais_a_charge", _("fees"))
    national_programmes = _list_field("dispositif_programmes_nationaux", _("national programmes"))
    trainings_labels = _list_field("formations_labels", _("trainings and labels"))
    other_trainings_labels = models.CharField(_("other trainings and labels"), max_length=500, blank=True)
    access_modes = _list_field("modalites_acces", _("how to come"))
    support_modes = _list_field("modalites_accompagnement", _("kinds of support"))
    acceslibre_url = models.URLField(_("acceslibre page"), blank=True)
    appointment_url = models.URLField(_("online appointment page"), blank=True)
    data_updated_on = models.DateField(_("data updated on"), default=timezone.localdate)
    is_visible = models.BooleanField(
        _("visible on the national map"),
        default=True,
        help_text=_("Listed on the public pages and in the open data export."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PlaceQuerySet.as_manager()

    SCHEMA_FIELDS = {
        "pivot": "pivot",
        "nom": "name",
        "commune": "commune",
        "code_postal": "postcode",
        "code_insee": "insee_code",
        "adresse": "address",
        "complement_adresse": "address_complement",
        "latitude": "latitude",
        "longitude": "longitude",
        "typologie": "typologies",
        "telephone": "phone",
        "courriels": "emails",
        "site_web": "websites",
        "horaires": "opening_hours",
        "presentation_resume": "summary",
        "presentation_detail": "description",
        "source": "source",
        "itinerance": "itinerance",
        "structure_parente": "parent_structure",
        "date_maj": "data_updated_on",
        "services": "services",
        "publics_specifiquement_adresses": "specific_publics",
        "prise_en_charge_specifique": "specific_support",
        "frais_a_charge": "fees",
        "dispositif_programmes_nationaux": "national_programmes",
        "formations_labels": "trainings_labels",
        "autres_formations_labels": "other_trainings_labels",
        "modalites_acces": "access_modes",
        "modalites_accompagnement": "support_modes",
        "fiche_acces_libre": "acceslibre_url",
        "prise_rdv": "appointment_url",
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:place-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        for value in self.emails or []:
            try:
                validate_email(value)
            except ValidationError as error:
                message = _("“%(value)s” is not a valid email address.") % {"value": value}
                raise ValidationError({"emails": message}) from error
        for value in self.websites or []:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError as error:
                message = _("“%(value)s” is not a valid web address.") % {"value": value}
                raise ValidationError({"websites": message}) from error

    @property
    def schema_id(self) -> str:
        return f"relais-{self.public_id}"


def place_list_fields() -> dict[str, str]:
    """Model field name -> schema column, for the place fields that hold values of a closed list."""
    return {field: column for column, field in Place.SCHEMA_FIELDS.items() if column in MULTI_VALUE_FIELDS}


class MembershipQuerySet(models.QuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(is_active=True)


class Membership(TimeStampedModel):
    """A role held by a user in one place, or in an organisation (all its places), or in a network."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation or network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(organisation__isnull=True))
                | (Q(place__isnull=True) & Q(organisation__isnull=False)),
                name="membership_place_xor_organisation",
            ),
            models.UniqueConstraint(fields=["user", "place", "role"], name="membership_unique_place_role"),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_organisation_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    @property
    def scope(self) -> "Place | Organisation":
        return self.place or self.organisation


class Journal(models.Model):
    """Append-only trail of who did what to which object, when. Written by services only."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=254, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        # The journal is evidence: an entry, once written, is never rewritten.
        if self.pk is not None:
            raise ValidationError("Journal entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Journal entries are append-only.")


class TaskFailure(models.Model):
    """A background task that gave up after its retries; shown to administrators."""

    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    task_name = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64)
    arguments = models.TextField(_("arguments"), blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    resolved_at = models.DateTimeField(_("marked resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self) -> str:
        return f"{self.task_name} ({self.failed_at:%Y-%m-%d %H:%M})"


class RateLimitHit(models.Model):
    """One use of a public form by one client (a keyed hash of its address, never the address itself)."""

    action = models.CharField(max_length=40)
    client = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["action", "client", "created_at"], name="core_ratelimit_lookup")]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"


class RunningTask(models.Model):
    """A background task a worker has started and not finished: if the worker dies, it is queued again.

    `worker` is "host:pid:token" (the token changes with each process, so a reused pid is told apart)."""

    task_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    payload = models.BinaryField()
    worker = models.CharField(max_length=200)
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.worker})"
