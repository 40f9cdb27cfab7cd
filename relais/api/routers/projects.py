"""Projects API: projects with their brief and budget totals, the partner directory, matching."""

from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from relais.api.pagination import PagePagination
from relais.projects.matching import project_matches
from relais.projects.models import Partner, Project

router = Router(tags=["projects"])


class SkillOut(Schema):
    id: int
    name: str
    slug: str


class ProjectOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    place: str = Field(..., alias="place.slug")
    owner: str = Field(..., alias="owner.get_full_name")
    starts_on: date | None
    ends_on: date | None
    needed_skills: list[SkillOut]
    is_published: bool
    licence: str


class BudgetOut(Schema):
    expenses: Decimal
    funding: Decimal
    balance: Decimal


class ProjectDetailOut(ProjectOut):
    context: str
    goals: str
    audience: str
    deliverables: str
    technical_constraints: str
    machines_needed: str
    risks: str
    value_proposition: str
    beneficiaries: str
    channels: str
    key_resources: str
    key_partners: str
    costs: str
    revenues: str
    budget: BudgetOut


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    commune: str
    insee_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    website: str
    skills: list[SkillOut]
    resources: str
    availability: str
    is_listed: bool
    accepts_contact: bool


class MatchOut(Schema):
    kind: str
    id: int = Field(..., alias="pk")
    name: str
    score: int
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None
    availability: str
    past_projects: int
    accepts_contact: bool
    reason: str


def _projects(request):
    return (
        Project.objects.for_user(request.user)
        .select_related("place", "owner")
        .prefetch_related("needed_skills")
    )


@router.get("/projects", response=list[ProjectOut], summary="Projects of your places")
@paginate(PagePagination)
def list_projects(request, status: str | None = None):
    projects = _projects(request).order_by("-updated_at", "pk")
    if status:
        projects = projects.filter(status=status)
    return projects


@router.get(
    "/projects/{project_id}", response=ProjectDetailOut, summary="A project with its brief and budget"
)
def get_project(request, project_id: int):
    project = _projects(request).filter(pk=project_id).first()
    if project is None:
        raise Http404
    project.budget = project.budget_totals()
    return project


@router.get(
    "/projects/{project_id}/matches", response=list[MatchOut], summary="Ranked contributors for a project"
)
def list_matches(request, project_id: int):
    project = _projects(request).filter(pk=project_id).first()
    if project is None:
        raise Http404
    return project_matches(project)


@router.get("/partners", response=list[PartnerOut], summary="The partner directory, with skills")
@paginate(PagePagination)
def list_partners(request, skill: str | None = None, q: str | None = None):
    partners = Partner.objects.visible_to(request.user).prefetch_related("skills").order_by("name", "pk")
    if skill:
        partners = partners.filter(skills__slug=skill)
    if q:
        partners = partners.filter(Q(name__icontains=q) | Q(commune__icontains=q))
    return partners
