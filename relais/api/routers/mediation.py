"""Mediation desk: `/api/v1/activities` and `/api/v1/beneficiaries` (list, get, create, update, delete).

Every value is a national code (themes, place type, equipment, autonomy, referral structure, level,
age bracket, sex, social status). Scoped to the caller's places (another place's object answers 404);
recording needs the administrator, mediator or fablab-manager role (else 403). Coordinators read
activities without their notes. Beneficiary files hold identities: like the web pages, they answer only
the roles that see beneficiaries in the file's place (administrator, mediator: `BENEFICIARY_ROLES`); the
others get 403, never a redacted file (coordinators see beneficiaries only as the aggregates of
`/api/v1/stats/mediation`).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.api.errors import Conflict, ErrorOut
from relais.api.pagination import PagePagination
from relais.core.scoping import has_role, places_for_user
from relais.mediation import services
from relais.mediation.models import Activity, Beneficiary
from relais.mediation.selectors import (
    RECORD_ROLES,
    ActivityFilters,
    activities_for_user,
    can_see_beneficiaries,
    get_activity_for_user,
    get_beneficiary_for_user,
    identity_place_ids,
)

router = Router(tags=["mediation"])


class Headcounts(Schema):
    total: int = 0
    already_helped: int = 0
    age_bracket: dict[str, int] = {}
    sex: dict[str, int] = {}
    social_status: dict[str, int] = {}


class ActivityOut(Schema):
    id: int
    kind: str
    date: datetime.date
    duration: int = Field(description="Minutes.")
    place_type: str
    place: int
    themes: list[str]
    procedure_name: str
    equipment: list[str]
    tags: list[int]
    notes: str
    beneficiary: int | None
    autonomy: str
    referred: bool
    referral_structure: str
    workshop_title: str
    level: str
    participants: list[int]
    anonymous_participants: Headcounts
    participant_count: int = Field(description="Accompaniments this record counts for.")
    author: int | None


class ActivityIn(Schema):
    kind: str = Field(description="individual or collective")
    date: datetime.date
    duration: int
    place: int
    themes: list[str]
    place_type: str = "lieu_activite"
    procedure_name: str = ""
    equipment: list[str] = []
    tags: list[int] = []
    notes: str = ""
    beneficiary: int | None = None
    autonomy: str = ""
    referred: bool = False
    referral_structure: str = ""
    workshop_title: str = ""
    level: str = ""
    participants: list[int] = []
    anonymous_participants: Headcounts | None = None


class ActivityPatch(Schema):
    """Only the fields sent are changed."""

    kind: str | None = None
    date: datetime.date | None = None
    duration: int | None = None
    themes: list[str] | None = None
    place_type: str | None = None
    procedure_name: str | None = None
    equipment: list[str] | None = None
    tags: list[int] | None = None
    notes: str | None = None
    beneficiary: int | None = None
    autonomy: str | None = None
    referred: bool | None = None
    referral_structure: str | None = None
    workshop_title: str | None = None
    level: str | None = None
    participants: list[int] | None = None
    anonymous_participants: Headcounts | None = None


class ActivityQuery(Schema):
    start: datetime.date | None = Field(None, description="From this date (included).")
    end: datetime.date | None = Field(None, description="Until this date (included).")
    kind: str | None = None
    theme: str | None = Field(None, description="A theme code.")
    place: int | None = None
    mediator: int | None = Field(None, description="Id of the mediator who recorded it.")
    tag: int | None = None
    beneficiary: int | None = None


def _activity_out(activity: Activity, identities: set[int]) -> dict:
    sees = activity.place_id in identities
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "date": activity.date,
        "duration": activity.duration,
        "place_type": activity.place_type,
        "place": activity.place_id,
        "themes": activity.themes,
        "procedure_name": activity.procedure_name,
        "equipment": activity.equipment,
        "tags": [tag.pk for tag in activity.tags.all()],
        "notes": activity.notes if sees else "",
        "beneficiary": activity.beneficiary_id,
        "autonomy": activity.autonomy,
        "referred": activity.referred,
        "referral_structure": activity.referral_structure,
        "workshop_title": activity.workshop_title,
        "level": activity.level,
        "participants": [person.pk for person in activity.participants.all()],
        "anonymous_participants": activity.anonymous_participants or {},
        "participant_count": activity.participant_count,
        "author": activity.author_id,
    }


def _recording_place(request, place_id: int):
    place = places_for_user(request.user).select_related("organisation").filter(pk=place_id).first()
    if place is None:
        raise ValidationError({"place": _("Unknown place: give one of yours.")})
    if not has_role(request.user, place, RECORD_ROLES):
        raise PermissionDenied(_("Your role in this place does not allow recording activities."))
    return place


def _resolve(place, data: dict, user) -> dict:
    """Ids of the payload → objects; ids from elsewhere are refused naming the field. Naming a followed
    person takes the right to see the place's beneficiary files, as on the entry page."""
    values = dict(data)
    if "tags" in values:
        wanted = set(values["tags"])
        tags = list(services.tags_for_place(place).filter(pk__in=wanted))
        if len(tags) != len(wanted):
            raise ValidationError({"tags": _("Unknown tag for this place.")})
        values["tags"] = tags
    names_people = values.get("beneficiary") is not None or values.get("participants")
    if names_people and not can_see_beneficiaries(user, place):
        raise PermissionDenied(FILES_REFUSED)
    files = Beneficiary.objects.filter(place=place)
    if "beneficiary" in values and values["beneficiary"] is not None:
        person = files.filter(pk=values["beneficiary"]).first()
        if person is None:
            raise ValidationError({"beneficiary": _("Unknown beneficiary.")})
        values["beneficiary"] = person
    if "participants" in values:
        wanted = set(values["participants"])
        people = list(files.filter(pk__in=wanted))
        if len(people) != len(wanted):
            raise ValidationError({"participants": _("Unknown beneficiary among the participants.")})
        values["participants"] = people
    if values.get("anonymous_participants") is not None and not isinstance(
        values["anonymous_participants"], dict
    ):
        values["anonymous_participants"] = values["anonymous_participants"].dict()
    return values


@router.get("/activities", response=list[ActivityOut], summary="List activities")
@paginate(PagePagination)
def list_activities(request, query: Query[ActivityQuery]):
    filters = ActivityFilters(
        start=query.start,
        end=query.end,
        kind=query.kind or "",
        theme=query.theme or "",
        place=query.place,
        author=query.mediator,
        tag=query.tag,
        beneficiary=query.beneficiary,
    )
    identities = identity_place_ids(request.user)
    queryset = activities_for_user(request.user, filters).prefetch_related("tags", "participants")
    return _LazyRows(queryset, lambda activity: _activity_out(activity, identities))


class _LazyRows:
    """A sliceable, countable view of a queryset that serialises only the page it is asked for."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return [self.convert(row) for row in self.queryset[item]]


@router.get("/activities/{activity_id}", response=ActivityOut, summary="Read an activity")
def get_activity(request, activity_id: int):
    activity = get_activity_for_user(request.user, activity_id)
    return _activity_out(activity, identity_place_ids(request.user))


@router.post("/activities", response={201: ActivityOut, 403: ErrorOut}, summary="Record an activity")
def create_activity(request, payload: ActivityIn):
    data = payload.dict()
    place = _recording_place(request, data.pop("place"))
    values = _resolve(place, data, request.user)
    activity = services.activity_create(author=request.user, place=place, **values)
    return Status(201, _activity_out(activity, identity_place_ids(request.user)))


@router.patch(
    "/activities/{activity_id}", response={200: ActivityOut, 403: ErrorOut}, summary="Change an activity"
)
def update_activity(request, activity_id: int, payload: ActivityPatch):
    activity = get_activity_for_user(request.user, activity_id)
    if not services.can_change_activity(request.user, activity):
        raise PermissionDenied(
            _("Only the author or an administrator of the place can change this activity.")
        )
    fields = payload.dict(exclude_unset=True)
    nulls = [name for name, value in fields.items() if value is None and name != "beneficiary"]
    if nulls:
        raise ValidationError(dict.fromkeys(nulls, _("This field cannot be null.")))
    values = _resolve(activity.place, fields, request.user)
    activity = services.activity_update(actor=request.user, activity=activity, **values)
    return _activity_out(activity, identity_place_ids(request.user))


@router.delete("/activities/{activity_id}", response={204: None, 403: ErrorOut}, summary="Delete an activity")
def delete_activity(request, activity_id: int):
    activity = get_activity_for_user(request.user, activity_id)
    if not services.can_change_activity(request.user, activity):
        raise PermissionDenied(
            _("Only the author or an administrator of the place can delete this activity.")
        )
    services.activity_delete(actor=request.user, activity=activity)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------------
# Beneficiaries


class BeneficiaryOut(Schema):
    id: int
    place: int
    first_name: str
    last_name: str
    phone: str
    email: str
    birth_year: int | None
    age_bracket: str
    sex: str
    social_status: str
    commune_insee: str
    commune_name: str
    notes: str
    last_activity_on: datetime.date | None
    anonymised: bool


class BeneficiaryIn(Schema):
    place: int
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    birth_year: int | None = None
    age_bracket: str = ""
    sex: str = ""
    social_status: str = ""
    commune_insee: str = ""
    commune_name: str = ""
    notes: str = ""
    allow_duplicate: bool = Field(False, description="Create even when a file looks like the same person.")


class BeneficiaryPatch(Schema):
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    email: str | None = None
    birth_year: int | None = None
    age_bracket: str | None = None
    sex: str | None = None
    social_status: str | None = None
    commune_insee: str | None = None
    commune_name: str | None = None
    notes: str | None = None


class BeneficiaryQuery(Schema):
    q: str | None = Field(None, description="Words of the name, phone, e-mail or commune.")
    place: int | None = None


def _beneficiary_out(person: Beneficiary) -> dict:
    return {
        "id": person.pk,
        "place": person.place_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "email": person.email,
        "birth_year": person.birth_year,
        "age_bracket": person.age_bracket,
        "sex": person.sex,
        "social_status": person.social_status,
        "commune_insee": person.commune_insee,
        "commune_name": person.commune_name,
        "notes": person.notes,
        "last_activity_on": person.last_activity_on,
        "anonymised": person.is_anonymised,
    }


FILES_REFUSED = gettext_lazy("Your role does not allow seeing or changing beneficiary files.")


def _scoped_beneficiary(request, beneficiary_id: int) -> Beneficiary:
    """The file as the web pages give it: 404 outside the caller's places, 403 without an identity role."""
    try:
        return get_beneficiary_for_user(request.user, beneficiary_id)
    except PermissionDenied as error:
        raise PermissionDenied(FILES_REFUSED) from error


@router.get(
    "/beneficiaries",
    response={200: list[BeneficiaryOut], 403: ErrorOut},
    summary="List the beneficiaries of the places where you may see identities",
)
@paginate(PagePagination)
def list_beneficiaries(request, query: Query[BeneficiaryQuery]):
    identities = identity_place_ids(request.user)
    if not identities:
        raise PermissionDenied(FILES_REFUSED)
    queryset = Beneficiary.objects.filter(place_id__in=identities, merged_into=None)
    if query.place:
        queryset = queryset.filter(place_id=query.place)
    if query.q:
        queryset = queryset.search(query.q)
    return _LazyRows(queryset.order_by("pk"), _beneficiary_out)


@router.get(
    "/beneficiaries/{beneficiary_id}",
    response={200: BeneficiaryOut, 403: ErrorOut},
    summary="Read a beneficiary",
)
def get_beneficiary(request, beneficiary_id: int):
    return _beneficiary_out(_scoped_beneficiary(request, beneficiary_id))


@router.post(
    "/beneficiaries",
    response={201: BeneficiaryOut, 403: ErrorOut, 409: ErrorOut},
    summary="Open a beneficiary file",
)
def create_beneficiary(request, payload: BeneficiaryIn):
    data = payload.dict()
    place = places_for_user(request.user).select_related("organisation").filter(pk=data.pop("place")).first()
    if place is None:
        raise ValidationError({"place": _("Unknown place: give one of yours.")})
    if not can_see_beneficiaries(request.user, place):
        raise PermissionDenied(FILES_REFUSED)
    allow_duplicate = data.pop("allow_duplicate")
    try:
        person = services.beneficiary_create(
            actor=request.user, place=place, allow_duplicate=allow_duplicate, **data
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "duplicate":
            raise Conflict(error.messages[0]) from error
        raise
    return Status(201, _beneficiary_out(person))


@router.patch(
    "/beneficiaries/{beneficiary_id}",
    response={200: BeneficiaryOut, 403: ErrorOut, 409: ErrorOut},
    summary="Change a beneficiary",
)
def update_beneficiary(request, beneficiary_id: int, payload: BeneficiaryPatch):
    person = _scoped_beneficiary(request, beneficiary_id)
    fields = payload.dict(exclude_unset=True)
    nulls = [name for name, value in fields.items() if value is None and name != "birth_year"]
    if nulls:
        raise ValidationError(dict.fromkeys(nulls, _("This field cannot be null.")))
    if person.is_anonymised:
        raise Conflict(_("This file was anonymised and can no longer be changed."))
    person = services.beneficiary_update(actor=request.user, beneficiary=person, **fields)
    return _beneficiary_out(person)


@router.delete(
    "/beneficiaries/{beneficiary_id}",
    response={204: None, 403: ErrorOut},
    summary="Erase a beneficiary (identity wiped, figures kept)",
)
def delete_beneficiary(request, beneficiary_id: int):
    person = _scoped_beneficiary(request, beneficiary_id)
    services.beneficiary_erase(actor=request.user, beneficiary=person)
    return Status(204, None)
