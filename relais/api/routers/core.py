"""Places and organisations: `/api/v1/places`, `/api/v1/places/{id}`, `/api/v1/organisations`.

Scoped by role: a caller sees the places it holds a role in (another place answers 404), creates a
place only in an organisation it administers and changes a place only as its administrator (else 403).
"""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.api.enums import api_enum
from relais.api.errors import ErrorOut
from relais.api.pagination import PagePagination
from relais.core import services
from relais.core.models import Organisation, Place
from relais.core.scoping import (
    can_administer_organisation,
    can_administer_place,
    organisations_for_user,
    places_for_user,
)

router = Router(tags=["places"])

OrganisationKind = api_enum("OrganisationKind", Organisation.Kind)


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    pivot: str = Field(description="SIRET, SIREN or RNA number.")
    kind: OrganisationKind
    parent_id: int | None = Field(None, description="The network coordinating this organisation.")
    website: str
    email: str


class PlaceFields(Schema):
    """Every field of the national places schema; list fields take values from its vocabularies."""

    name: str
    pivot: str
    address: str
    address_complement: str = ""
    postcode: str
    commune: str
    insee_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    typologies: list[str] = []
    phone: str = ""
    emails: list[str] = []
    websites: list[str] = []
    opening_hours: str = Field("", description="OpenStreetMap syntax, e.g. Mo-Fr 09:00-18:00")
    summary: str = ""
    description: str = ""
    source: str = ""
    itinerance: list[str] = []
    parent_structure: str = ""
    services: list[str] = []
    specific_publics: list[str] = []
    specific_support: list[str] = []
    fees: list[str] = []
    national_programmes: list[str] = []
    trainings_labels: list[str] = []
    other_trainings_labels: str = ""
    access_modes: list[str] = []
    support_modes: list[str] = []
    acceslibre_url: str = ""
    appointment_url: str = ""
    is_visible: bool = True
    is_active: bool = True


class PlaceOut(PlaceFields):
    id: int
    public_id: UUID
    slug: str
    organisation_id: int
    data_updated_on: date


class PlaceIn(PlaceFields):
    organisation_id: int
    slug: str = Field("", description="Made from the name when empty.")


class PlacePatch(Schema):
    """Only the fields sent are changed."""

    slug: str | None = None
    name: str | None = None
    pivot: str | None = None
    address: str | None = None
    address_complement: str | None = None
    postcode: str | None = None
    commune: str | None = None
    insee_code: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    typologies: list[str] | None = None
    phone: str | None = None
    emails: list[str] | None = None
    websites: list[str] | None = None
    opening_hours: str | None = None
    summary: str | None = None
    description: str | None = None
    source: str | None = None
    itinerance: list[str] | None = None
    parent_structure: str | None = None
    services: list[str] | None = None
    specific_publics: list[str] | None = None
    specific_support: list[str] | None = None
    fees: list[str] | None = None
    national_programmes: list[str] | None = None
    trainings_labels: list[str] | None = None
    other_trainings_labels: str | None = None
    access_modes: list[str] | None = None
    support_modes: list[str] | None = None
    acceslibre_url: str | None = None
    appointment_url: str | None = None
    is_visible: bool | None = None
    is_active: bool | None = None


class PlaceFilters(FilterSchema):
    q: str | None = Field(None, description="Words found in the name, commune or postcode.")
    commune: str | None = None
    postcode: str | None = None
    organisation_id: int | None = None
    is_visible: bool | None = None

    def filter_commune(self, value):
        return Q(commune__iexact=value) if value else Q()

    def filter_q(self, value):
        condition = Q()
        for word in (value or "").split():
            condition &= Q(name__icontains=word) | Q(commune__icontains=word) | Q(postcode__startswith=word)
        return condition


def _scoped_place(request, place_id: int) -> Place:
    try:
        return places_for_user(request.user).select_related("organisation").get(pk=place_id)
    except Place.DoesNotExist as error:
        raise Http404 from error


@router.get("/places", response=list[PlaceOut], summary="List your places")
@paginate(PagePagination)
def list_places(request, filters: Query[PlaceFilters]):
    return filters.filter(places_for_user(request.user).order_by("name", "pk"))


@router.get("/places/{place_id}", response=PlaceOut, summary="Read one of your places")
def get_place(request, place_id: int):
    return _scoped_place(request, place_id)


@router.post("/places", response={201: PlaceOut, 403: ErrorOut}, summary="Create a place")
def create_place(request, payload: PlaceIn):
    data = payload.dict()
    organisation = Organisation.objects.filter(pk=data.pop("organisation_id")).first()
    if organisation is None or not organisations_for_user(request.user).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation_id": _("Unknown organisation: give one of yours.")})
    if not can_administer_organisation(request.user, organisation):
        raise PermissionDenied(_("Only an administrator of the organisation or its network may add a place."))
    place = services.place_create(actor=request.user, organisation=organisation, **data)
    return Status(201, place)


@router.patch("/places/{place_id}", response={200: PlaceOut, 403: ErrorOut}, summary="Change a place")
def update_place(request, place_id: int, payload: PlacePatch):
    place = _scoped_place(request, place_id)
    if not can_administer_place(request.user, place):
        raise PermissionDenied(_("Only an administrator of the place may change it."))
    fields = payload.dict(exclude_unset=True)
    nulls = [
        name for name, value in fields.items() if value is None and name not in {"latitude", "longitude"}
    ]
    if nulls:
        raise ValidationError(dict.fromkeys(nulls, _("This field cannot be null.")))
    return services.place_update(actor=request.user, place=place, **fields)


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="List your organisations and networks",
    tags=["organisations"],
)
@paginate(PagePagination)
def list_organisations(request):
    return organisations_for_user(request.user).order_by("name", "pk")
