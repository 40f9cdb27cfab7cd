"""Programme API: workshops, events, sessions (with free seats) and registrations to a session."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from relais.api.errors import Conflict, ErrorOut
from relais.api.pagination import PagePagination
from relais.core.scoping import IDENTITY_ROLES, has_role, places_for_user
from relais.programme import services
from relais.programme.models import Event, Registration, RegistrationMode, Session, Workshop

router = Router(tags=["programme"])


class WorkshopOut(Schema):
    id: int
    place: str
    title: str
    description: str
    themes: list[str]
    level: str
    competences: list[str]
    publics: list[str]
    duration_minutes: int
    default_capacity: int
    fees: str
    is_active: bool

    @staticmethod
    def resolve_place(obj) -> str:
        return obj.place.slug


class EventOut(Schema):
    id: int
    uid: str
    place: str
    workshop: int | None
    kind: str
    title: str
    description: str
    themes: list[str]
    publics: list[str]
    level: str
    fees: str
    registration_mode: str
    reminder_hours: int
    is_published: bool

    @staticmethod
    def resolve_uid(obj) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_place(obj) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_workshop(obj) -> int | None:
        return obj.workshop_id


class SessionOut(Schema):
    id: int
    uid: str
    event: int
    title: str
    place: str
    room: str
    start: datetime
    end: datetime
    status: str
    registration_mode: str
    capacity: int | None
    taken_seats: int
    free_seats: int | None
    waitlist: int
    sequence: int

    @staticmethod
    def resolve_uid(obj) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_event(obj) -> int:
        return obj.event_id

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.event.title

    @staticmethod
    def resolve_place(obj) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_start(obj) -> datetime:
        return obj.start_at

    @staticmethod
    def resolve_end(obj) -> datetime:
        return obj.end_at

    @staticmethod
    def resolve_taken_seats(obj) -> int:
        return obj.taken_seats()

    @staticmethod
    def resolve_free_seats(obj) -> int | None:
        return obj.free_seats()

    @staticmethod
    def resolve_waitlist(obj) -> int:
        return obj.waitlist_size()


class RegistrationIn(Schema):
    name: str
    email: str = ""
    phone: str = ""
    consent: bool
    beneficiary: int | None = None


class RegistrationOut(Schema):
    id: int
    state: str
    name: str
    email: str
    phone: str
    source: str
    waitlist_position: int | None
    beneficiary: int | None
    created: bool = False

    @staticmethod
    def resolve_waitlist_position(obj) -> int | None:
        return obj.waitlist_position()

    @staticmethod
    def resolve_beneficiary(obj) -> int | None:
        return obj.beneficiary_id


@router.get("/workshops", response=list[WorkshopOut], summary="Workshops of the catalogue of your places")
@paginate(PagePagination)
def list_workshops(request, place: str | None = None):
    workshops = Workshop.objects.filter(place__in=places_for_user(request.user)).select_related("place")
    if place:
        workshops = workshops.filter(place__slug=place)
    return workshops.order_by("title", "pk")


@router.get("/events", response=list[EventOut], summary="Events of your places")
@paginate(PagePagination)
def list_events(request, place: str | None = None):
    events = Event.objects.filter(place__in=places_for_user(request.user)).select_related("place")
    if place:
        events = events.filter(place__slug=place)
    return events.order_by("-created_at", "-pk")


@router.get("/sessions", response=list[SessionOut], summary="Sessions of your places, with free seats")
@paginate(PagePagination)
def list_sessions(
    request,
    place: str | None = None,
    event: int | None = None,
    upcoming: bool = True,
    with_free_seats: bool = False,
):
    sessions = (
        Session.objects.filter(place__in=places_for_user(request.user))
        .with_counts()
        .select_related("event", "place")
    )
    if place:
        sessions = sessions.filter(place__slug=place)
    if event:
        sessions = sessions.filter(event_id=event)
    if upcoming:
        sessions = sessions.upcoming()
    if with_free_seats:
        sessions = sessions.with_seats_left().scheduled()
    return sessions.order_by("start_at", "pk")


def _session_for(request, pk: int) -> Session:
    try:
        return (
            Session.objects.filter(place__in=places_for_user(request.user))
            .select_related("event", "place")
            .get(pk=pk)
        )
    except Session.DoesNotExist as error:
        raise Http404 from error


@router.get(
    "/sessions/{session_id}/registrations",
    response={200: list[RegistrationOut], 403: ErrorOut},
    summary="Who registered for a session (roles that may see identities)",
)
@paginate(PagePagination)
def list_registrations(request, session_id: int):
    session = _session_for(request, session_id)
    if not has_role(request.user, session.place, IDENTITY_ROLES):
        raise PermissionDenied(_("Your role does not allow seeing who registered."))
    return session.registrations.order_by("created_at", "pk")


@router.post(
    "/sessions/{session_id}/registrations",
    response={
        200: RegistrationOut,
        201: RegistrationOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Register someone; answers with the resulting state (confirmed, waitlisted, pending_approval)",
)
def create_registration(request, session_id: int, payload: RegistrationIn):
    session = _session_for(request, session_id)
    if session.is_cancelled:
        raise Conflict(_("This session has been cancelled: registration is closed."))
    if session.start_at <= timezone.now():
        raise Conflict(_("This session has already started or is over: registration is closed."))
    if session.registration_mode == RegistrationMode.NONE:
        raise Conflict(_("No registration is needed for this session: just come."))
    beneficiary = None
    if payload.beneficiary is not None:
        if not has_role(request.user, session.place, IDENTITY_ROLES):
            raise PermissionDenied(
                _("Only the place's team may link a registration to a followed beneficiary.")
            )
        from relais.mediation.models import Beneficiary

        beneficiary = Beneficiary.objects.filter(pk=payload.beneficiary, place=session.place).first()
        if beneficiary is None:
            raise Http404
    registration, created = services.registration_create(
        session=session,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        consent=payload.consent,
        actor=request.user,
        source=Registration.Source.API,
        beneficiary=beneficiary,
    )
    registration.created = created
    return Status(201 if created else 200, registration)
