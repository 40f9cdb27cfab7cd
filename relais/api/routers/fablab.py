"""Fablab API: machines (state, free slots), bookings (server-side rules), authorisations."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.api.errors import Conflict, ErrorOut
from relais.api.pagination import PagePagination
from relais.core.scoping import places_for_user
from relais.fablab import incidents, maintenance, services
from relais.fablab.models import (
    Authorisation,
    Booking,
    Category,
    Consumable,
    IncidentReport,
    Machine,
    MaintenanceOrder,
)
from relais.fablab.rules import MANAGER_ROLES, STAFF_ROLES, BookingRefused, free_intervals

router = Router(tags=["fablab"])

MAX_SLOT_DAYS = 31


class SlotOut(Schema):
    start: datetime
    end: datetime


class MachineOut(Schema):
    id: int
    place: str = Field(..., alias="place.slug")
    name: str
    slug: str
    category: str = Field(..., alias="category.slug")
    category_name: str = Field(..., alias="category.name")
    state: str
    description: str
    safety_rules: str
    protective_equipment: str
    consumable_unit: str
    requires_authorisation: bool
    booking_horizon_days: int
    min_booking_minutes: int
    max_booking_minutes: int
    weekly_quota_minutes: int
    cancellation_deadline_hours: int
    usage_minutes: int
    usage_quantity: float
    free_slots: list[SlotOut]

    @staticmethod
    def resolve_free_slots(obj, context) -> list[dict]:
        request = context["request"]
        start = getattr(request, "fablab_slots_start", None) or timezone.now()
        days = getattr(request, "fablab_slots_days", 7)
        return [{"start": s, "end": e} for s, e in free_intervals(obj, start, start + timedelta(days=days))]


class BookingIn(Schema):
    machine: int
    start: datetime
    end: datetime
    user: int | str | None = Field(None, description="Staff only: id or email of the person booked for.")
    override: bool = Field(False, description="Staff only: skip opening hours, horizon, length and quota.")
    note: str = ""


class BookingOut(Schema):
    id: int
    machine: int = Field(..., alias="machine_id")
    place: str = Field(..., alias="machine.place.slug")
    user: int = Field(..., alias="user_id")
    start: datetime
    end: datetime
    status: str
    is_override: bool
    flagged: bool
    flag_reason: str
    note: str

    @staticmethod
    def resolve_flagged(obj) -> bool:
        return obj.flagged_at is not None


class CancelIn(Schema):
    reason: str = ""


class AuthorisationOut(Schema):
    id: int
    user: int = Field(..., alias="user_id")
    place: str = Field(..., alias="place.slug")
    machine: int | None = Field(None, alias="machine_id")
    category: str | None = None
    granted_on: date
    granted_by: int | None = Field(None, alias="granted_by_id")
    evidence: str
    evidence_note: str
    quiz_score: int | None = None
    expires_on: date | None
    revoked_at: datetime | None
    revocation_reason: str
    status: str

    @staticmethod
    def resolve_category(obj) -> str | None:
        return obj.category.slug if obj.category_id else None

    @staticmethod
    def resolve_quiz_score(obj) -> int | None:
        return obj.quiz_attempt.score if obj.quiz_attempt_id else None


class AuthorisationIn(Schema):
    user: int | str = Field(..., description="Id or email of the person.")
    place: str
    machine: int | None = None
    category: str | None = None
    evidence: str = Authorisation.Evidence.MANUAL
    evidence_note: str = ""


class RevokeIn(Schema):
    reason: str


def _visible_machines(user):
    return (
        Machine.objects.active()
        .filter(Q(is_public=True, place__is_visible=True) | Q(place__in=places_for_user(user)))
        .select_related("place", "category")
    )


def _person(value, *, field: str):
    users = get_user_model().objects.filter(is_active=True)
    found = (
        users.filter(pk=value).first()
        if isinstance(value, int)
        else users.filter(email__iexact=value).first()
    )
    if found is None:
        raise ValidationError({field: _("No active account matches.")})
    return found


@router.get("/machines", response=list[MachineOut])
@paginate(PagePagination)
def machine_list(
    request,
    place: str | None = None,
    category: str | None = None,
    state: str | None = None,
    days: int = Query(7, ge=1, le=MAX_SLOT_DAYS),
):
    """Machines of public fablabs and of your places, with their state and free slots for `days` days."""
    machines = _visible_machines(request.user)
    if place:
        machines = machines.filter(place__slug=place)
    if category:
        machines = machines.filter(category__slug=category)
    if state:
        machines = machines.filter(state=state)
    request.fablab_slots_days = days
    return machines.order_by("place__name", "name")


@router.get("/machines/{machine_id}", response=MachineOut)
def machine_detail(
    request, machine_id: int, start: datetime | None = None, days: int = Query(7, ge=1, le=MAX_SLOT_DAYS)
):
    machine = get_object_or_404(_visible_machines(request.user), pk=machine_id)
    request.fablab_slots_start, request.fablab_slots_days = start, days
    return machine


def _bookings_for(user):
    staff_places = places_for_user(user, STAFF_ROLES)
    return Booking.objects.filter(Q(user=user) | Q(machine__place__in=staff_places)).select_related(
        "machine__place"
    )


@router.get("/bookings", response=list[BookingOut])
@paginate(PagePagination)
def booking_list(
    request,
    place: str | None = None,
    machine: int | None = None,
    mine: bool = False,
    start_after: datetime | None = None,
):
    """Your bookings, and those of the places where you are staff."""
    bookings = _bookings_for(request.user).order_by("start")
    if mine:
        bookings = bookings.filter(user=request.user)
    if place:
        bookings = bookings.filter(machine__place__slug=place)
    if machine:
        bookings = bookings.filter(machine_id=machine)
    if start_after:
        bookings = bookings.filter(start__gte=start_after)
    return bookings


def _refusal(error: BookingRefused):
    if error.rule == "authorisation":
        return PermissionDenied(error.messages[0])
    if error.rule == "end_before_start":
        return ValidationError({"end": error.messages[0]})
    return Conflict(
        error.messages[0], errors=[{"field": error.field, "message": error.messages[0], "rule": error.rule}]
    )


@router.post("/bookings", response={201: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut})
def booking_create(request, payload: BookingIn):
    """Book a slot. 409 names the rule that refuses it; 403 without a valid authorisation."""
    machine = get_object_or_404(_visible_machines(request.user), pk=payload.machine)
    person = _person(payload.user, field="user") if payload.user not in (None, "") else request.user
    try:
        booking = services.booking_create(
            machine=machine,
            user=person,
            start=payload.start,
            end=payload.end,
            actor=request.user,
            override=payload.override,
            note=payload.note,
        )
    except BookingRefused as error:
        raise _refusal(error) from error
    return Status(201, Booking.objects.select_related("machine__place").get(pk=booking.pk))


@router.get("/bookings/{booking_id}", response=BookingOut)
def booking_detail(request, booking_id: int):
    return get_object_or_404(_bookings_for(request.user), pk=booking_id)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, 403: ErrorOut, 409: ErrorOut})
def booking_cancel(request, booking_id: int, payload: CancelIn):
    booking = get_object_or_404(_bookings_for(request.user), pk=booking_id)
    try:
        return services.booking_cancel(booking=booking, actor=request.user, reason=payload.reason)
    except BookingRefused as error:
        raise _refusal(error) from error


def _authorisations_for(user):
    managed = places_for_user(user, MANAGER_ROLES)
    return Authorisation.objects.filter(Q(user=user) | Q(place__in=managed)).select_related(
        "place", "category", "quiz_attempt"
    )


@router.get("/authorisations", response=list[AuthorisationOut])
@paginate(PagePagination)
def authorisation_list(request, place: str | None = None, user: int | None = None, valid: bool | None = None):
    """Your authorisations, and those of the places you manage."""
    authorisations = _authorisations_for(request.user).order_by("-granted_on", "-id")
    if place:
        authorisations = authorisations.filter(place__slug=place)
    if user:
        authorisations = authorisations.filter(user_id=user)
    if valid is True:
        authorisations = authorisations.valid()
    elif valid is False:
        authorisations = authorisations.exclude(pk__in=Authorisation.objects.valid().values("pk"))
    return authorisations


@router.post("/authorisations", response={201: AuthorisationOut, 403: ErrorOut, 404: ErrorOut})
def authorisation_grant(request, payload: AuthorisationIn):
    """Fablab managers grant (or renew) an authorisation on a machine or a category of their place."""
    place = get_object_or_404(places_for_user(request.user), slug=payload.place)
    if not places_for_user(request.user, MANAGER_ROLES).filter(pk=place.pk).exists():
        raise PermissionDenied
    machine = (
        get_object_or_404(Machine.objects.filter(place=place), pk=payload.machine)
        if payload.machine
        else None
    )
    category = get_object_or_404(Category, slug=payload.category) if payload.category else None
    authorisation = services.authorisation_grant(
        user=_person(payload.user, field="user"),
        place=place,
        actor=request.user,
        machine=machine,
        category=category,
        evidence=payload.evidence,
        evidence_note=payload.evidence_note,
    )
    return Status(201, _authorisations_for(request.user).get(pk=authorisation.pk))


@router.post(
    "/authorisations/{authorisation_id}/revoke",
    response={200: AuthorisationOut, 403: ErrorOut},
)
def authorisation_revoke(request, authorisation_id: int, payload: RevokeIn):
    authorisation = get_object_or_404(_authorisations_for(request.user), pk=authorisation_id)
    if not places_for_user(request.user, MANAGER_ROLES).filter(pk=authorisation.place_id).exists():
        if authorisation.user_id == request.user.pk:
            raise PermissionDenied
        raise Http404
    return services.authorisation_revoke(
        authorisation=authorisation, actor=request.user, reason=payload.reason
    )


class MaintenanceOrderOut(Schema):
    id: int
    machine: int = Field(..., alias="machine_id")
    place: str = Field(..., alias="machine.place.slug")
    plan: int | None = Field(None, alias="plan_id")
    kind: str
    title: str
    description: str
    state: str
    due_on: date | None
    parts: str
    parts_note: str
    checklist: list[dict]
    window_start: datetime | None = None
    window_end: datetime | None = None
    time_spent_minutes: int | None
    cost: float | None
    done_by: int | None = Field(None, alias="done_by_id")
    done_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_window_start(obj) -> datetime | None:
        return obj.window.start if obj.window_id else None

    @staticmethod
    def resolve_window_end(obj) -> datetime | None:
        return obj.window.end if obj.window_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class MaintenanceOrderIn(Schema):
    machine: int
    title: str
    description: str = ""
    due_on: date | None = None
    checklist: list[str] = []


@router.get("/maintenance-orders", response=list[MaintenanceOrderOut])
@paginate(PagePagination)
def maintenance_order_list(
    request,
    place: str | None = None,
    machine: int | None = None,
    state: str | None = None,
    open: bool | None = None,
):
    """Maintenance orders of the places where you are staff."""
    orders = (
        MaintenanceOrder.objects.filter(machine__place__in=places_for_user(request.user, STAFF_ROLES))
        .select_related("machine__place", "window")
        .order_by("due_on", "id")
    )
    if place:
        orders = orders.filter(machine__place__slug=place)
    if machine:
        orders = orders.filter(machine_id=machine)
    if state:
        orders = orders.filter(state=state)
    if open is True:
        orders = orders.filter(state__in=MaintenanceOrder.OPEN_STATES)
    elif open is False:
        orders = orders.exclude(state__in=MaintenanceOrder.OPEN_STATES)
    return orders


@router.post("/maintenance-orders", response={201: MaintenanceOrderOut, 403: ErrorOut, 404: ErrorOut})
def maintenance_order_create(request, payload: MaintenanceOrderIn):
    """Fablab managers open a corrective order (something to repair) on a machine of their place."""
    machine = get_object_or_404(
        Machine.objects.filter(place__in=places_for_user(request.user)), pk=payload.machine
    )
    if not places_for_user(request.user, MANAGER_ROLES).filter(pk=machine.place_id).exists():
        raise PermissionDenied
    order = maintenance.order_create(
        machine=machine,
        actor=request.user,
        title=payload.title,
        description=payload.description,
        due_on=payload.due_on,
        checklist=payload.checklist,
    )
    return Status(201, MaintenanceOrder.objects.select_related("machine__place", "window").get(pk=order.pk))


class IncidentIn(Schema):
    machine: int
    description: str
    severity: str = "not_sure"
    contact: str = ""


class IncidentOut(Schema):
    id: int
    machine: int = Field(..., alias="machine_id")
    severity: str
    created_at: datetime
    order: int | None = Field(None, alias="order_id")


@router.post(
    "/incidents",
    auth=None,
    response={201: IncidentOut, 404: ErrorOut, 409: ErrorOut},
    summary="Report a problem on a machine (public, rate limited)",
)
def incident_create(request, payload: IncidentIn):
    """Anyone may report a problem on a machine of a public place; a few reports per hour and address."""
    machine = get_object_or_404(Machine.objects.public(), pk=payload.machine)
    if payload.severity not in IncidentReport.Severity.values:
        raise ValidationError({"severity": _("Unknown severity.")})
    try:
        report = incidents.incident_report(
            machine=machine,
            address=request.META.get("REMOTE_ADDR", ""),
            description=payload.description,
            severity=payload.severity,
            contact=payload.contact,
        )
    except ValidationError as error:
        if error.code == "rate_limited":
            raise Conflict(error.messages[0]) from error
        raise
    return Status(201, report)


class ConsumableOut(Schema):
    id: int
    place: str = Field(..., alias="place.slug")
    name: str
    unit: str
    supplier: str
    unit_cost: float
    reorder_threshold: float
    quantity: float
    is_low: bool


@router.get("/consumables", response=list[ConsumableOut])
@paginate(PagePagination)
def consumable_list(request, place: str | None = None, low: bool | None = None):
    """Supplies and their stock levels, for the places where you are staff."""
    items = (
        Consumable.objects.filter(place__in=places_for_user(request.user, STAFF_ROLES), is_active=True)
        .select_related("place")
        .order_by("place__name", "name")
    )
    if place:
        items = items.filter(place__slug=place)
    if low:
        items = items.low()
    return items
