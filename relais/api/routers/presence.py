"""Digital presence API: subjects followed, audits (POST starts one, GET returns its results)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.api.errors import Conflict, ErrorOut
from relais.api.pagination import PagePagination
from relais.core.models import Place
from relais.core.scoping import STAFF_ROLES, has_role, places_for_user
from relais.presence import services
from relais.presence.models import Audit, Subject

router = Router(tags=["presence"])


class SubjectOut(Schema):
    id: int
    kind: str
    name: str
    place: str = Field(..., alias="place.slug")
    website: str
    social_links: list[str]
    address: str
    postcode: str
    commune: str
    phone: str
    email: str
    siret: str
    osm_id: str
    is_public_body: bool
    monthly_reaudit: bool
    members: list[int]
    latest_audit: int | None = Field(None, alias="latest_audit_id")
    latest_grade: str | None
    latest_score: float | None

    @staticmethod
    def resolve_members(obj) -> list[int]:
        return [member.pk for member in obj.members.all()] if obj.kind == Subject.Kind.TERRITORY else []

    @staticmethod
    def resolve_latest_grade(obj) -> str | None:
        return obj.latest_audit.grade or None if obj.latest_audit else None

    @staticmethod
    def resolve_latest_score(obj) -> float | None:
        return obj.latest_audit.score if obj.latest_audit else None


class SubjectIn(Schema):
    place: str = Field(..., description="Slug of the place whose team follows the organisation.")
    name: str
    website: str = ""
    social_links: list[str] = []
    address: str = ""
    postcode: str = ""
    commune: str = ""
    phone: str = ""
    email: str = ""
    siret: str = ""
    osm_id: str = ""
    is_public_body: bool = False
    monthly_reaudit: bool = False


class SubjectFilters(Schema):
    kind: str | None = Field(None, description="organisation or territory")


class AuditIn(Schema):
    subject: int = Field(
        ..., description="Id of an organisation subject (territories are audited in batches)."
    )
    pages: int = Field(5, ge=1, le=services.MAX_PAGES, description="Pages to read, home page included.")


class AuditSummaryOut(Schema):
    id: int
    subject: int = Field(..., alias="subject_id")
    status: str
    url: str
    score: float | None
    grade: str
    algorithm_version: str
    created_at: datetime
    finished_at: datetime | None


class CheckOut(Schema):
    id: str
    pillar: str
    score: float | None
    status: str
    message: str
    fix: str


class AuditReportOut(Schema):
    url: str
    algorithm_version: str
    score: float | None
    grade: str | None
    coverage: float | None
    pillars: dict[str, Any]
    checks: list[CheckOut]


def _subjects(request):
    return Subject.objects.filter(place__in=places_for_user(request.user, STAFF_ROLES))


def _audit_for(request, audit_id: int) -> Audit:
    try:
        return Audit.objects.select_related("subject").get(
            pk=audit_id, subject__place__in=places_for_user(request.user, STAFF_ROLES)
        )
    except Audit.DoesNotExist as error:
        raise Http404 from error


@router.get(
    "/presence/subjects", response=list[SubjectOut], summary="Organisations and territories you follow"
)
@paginate(PagePagination)
def subject_list(request, filters: Query[SubjectFilters]):
    subjects = _subjects(request).select_related("place", "latest_audit").prefetch_related("members")
    if filters.kind:
        subjects = subjects.filter(kind=filters.kind)
    return subjects.order_by("name", "pk")


@router.post(
    "/presence/subjects",
    response={201: SubjectOut, 403: ErrorOut, 404: ErrorOut},
    summary="Follow a new organisation",
)
def subject_create(request, payload: SubjectIn):
    try:
        place = places_for_user(request.user).select_related("organisation").get(slug=payload.place)
    except Place.DoesNotExist as error:
        raise Http404 from error
    if not has_role(request.user, place, STAFF_ROLES):
        raise PermissionDenied
    values = payload.dict(exclude={"place"})
    subject = services.subject_save(
        subject=Subject(place=place, kind=Subject.Kind.ORGANISATION, **values), actor=request.user
    )
    return Status(201, Subject.objects.select_related("place", "latest_audit").get(pk=subject.pk))


@router.get("/presence/subjects/{subject_id}", response=SubjectOut, summary="One subject")
def subject_detail(request, subject_id: int):
    try:
        return _subjects(request).select_related("place", "latest_audit").get(pk=subject_id)
    except Subject.DoesNotExist as error:
        raise Http404 from error


@router.get(
    "/presence/audits", response=list[AuditSummaryOut], summary="Audits of your subjects, newest first"
)
@paginate(PagePagination)
def audit_list(request, subject: int | None = None):
    audits = Audit.objects.filter(subject__place__in=places_for_user(request.user, STAFF_ROLES))
    if subject is not None:
        audits = audits.filter(subject_id=subject)
    return audits.order_by("-created_at", "-id")


@router.post(
    "/presence/audits",
    response={202: AuditSummaryOut, 403: ErrorOut, 404: ErrorOut},
    summary="Start an audit of an organisation's website (runs in the background)",
)
def audit_create(request, payload: AuditIn):
    try:
        subject = Subject.objects.select_related("place__organisation").get(
            pk=payload.subject, place__in=places_for_user(request.user)
        )
    except Subject.DoesNotExist as error:
        raise Http404 from error
    if not has_role(request.user, subject.place, STAFF_ROLES):
        raise PermissionDenied
    audit = services.audit_request(subject=subject, actor=request.user, pages=payload.pages)
    return Status(202, audit)


@router.get(
    "/presence/audits/{audit_id}",
    response={200: AuditReportOut, 409: ErrorOut},
    summary="Results of an audit: url, algorithm_version, score, grade, coverage, pillars, checks",
)
def audit_detail(request, audit_id: int):
    audit = _audit_for(request, audit_id)
    if not audit.is_finished:
        raise Conflict(_("The audit is not finished (status: %(status)s).") % {"status": audit.status})
    return audit.to_json()
