"""Knowledge base and content reports: `/api/v1/articles`, `/api/v1/articles/{slug}`, `/api/v1/reports`.

Articles: everyone with a token reads the published ones; editors (administrator, mediator, fablab
manager) also read, create and change the drafts of their places. Reports: anyone reports visible
content; moderators (administrator, mediator) list the reports of their places.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from relais.api.enums import api_enum
from relais.api.errors import ErrorOut
from relais.api.pagination import PagePagination
from relais.core.scoping import has_role, places_for_user
from relais.knowledge import access
from relais.knowledge.models import Article, Report
from relais.knowledge.models.articles import PublicationStatus
from relais.knowledge.models.community import ReportReason
from relais.knowledge.reportables import get_reportable_or_404, reportable_kinds
from relais.knowledge.services import articles as article_services
from relais.knowledge.services import moderation as moderation_services
from relais.knowledge.vocabularies import Audience, Level, Licence

router = Router(tags=["knowledge"])

ArticleKind = api_enum("ArticleKind", Article.Kind)
ArticleStatus = api_enum("ArticleStatus", PublicationStatus)
ArticleLicence = api_enum("ArticleLicence", Licence)
ArticleAudience = api_enum("ArticleAudience", Audience)
ArticleLevel = api_enum("ArticleLevel", Level)


class ArticleOut(Schema):
    slug: str
    kind: ArticleKind
    title: str
    summary: str
    body: str = Field(description="Markdown source.")
    body_html: str = Field(description="Sanitised HTML.")
    status: ArticleStatus
    licence: ArticleLicence
    credit: str = Field(alias="credit_line")
    place_id: int
    themes: list[str]
    competences: list[str] = Field(description="CRCN competence codes, 1.1 to 5.2.")
    audience: ArticleAudience
    level: ArticleLevel
    duration_minutes: int | None
    version: int
    published_at: datetime | None
    updated_at: datetime
    url: str = Field(alias="get_absolute_url")


class ArticleIn(Schema):
    place_id: int
    kind: ArticleKind = ArticleKind.ARTICLE
    title: str
    summary: str = ""
    body: str
    status: ArticleStatus = ArticleStatus.DRAFT
    licence: ArticleLicence = ArticleLicence.CC_BY_SA
    credit: str = ""
    themes: list[str] = []
    competences: list[str] = []
    audience: ArticleAudience = ArticleAudience.EVERYONE
    level: ArticleLevel = ArticleLevel.BEGINNER
    duration_minutes: int | None = None


class ArticlePatch(Schema):
    kind: ArticleKind | None = None
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    status: ArticleStatus | None = None
    licence: ArticleLicence | None = None
    credit: str | None = None
    themes: list[str] | None = None
    competences: list[str] | None = None
    audience: ArticleAudience | None = None
    level: ArticleLevel | None = None
    duration_minutes: int | None = None
    note: str = ""


class ArticleFilters(Schema):
    q: str | None = Field(None, description="Words searched in the title, summary and text.")
    theme: str | None = None
    competence: str | None = None
    level: ArticleLevel | None = None
    audience: ArticleAudience | None = None
    kind: ArticleKind | None = None


def _readable_articles(user):
    return Article.objects.filter(
        Q(status=PublicationStatus.PUBLISHED, is_hidden=False) | Q(place__in=access.editable_places(user))
    ).select_related("place", "author")


def _editable_article(request, slug: str) -> Article:
    article = _readable_articles(request.user).filter(slug=slug).first()
    if article is None:
        raise Http404
    if not access.can_edit(request.user, article):
        raise PermissionDenied
    return article


@router.get("/articles", response=list[ArticleOut], summary="List articles and learning sheets")
@paginate(PagePagination)
def list_articles(request, filters: Query[ArticleFilters]):
    articles = _readable_articles(request.user).order_by("-published_at", "-pk")
    if filters.q:
        articles = articles.search(filters.q, ("title", "summary", "body"))
    if filters.theme:
        articles = articles.with_theme(filters.theme)
    if filters.competence:
        articles = articles.filter(competences__icontains=f'"{filters.competence}"')
    for name in ("level", "audience", "kind"):
        if getattr(filters, name):
            articles = articles.filter(**{name: getattr(filters, name)})
    return articles


@router.get("/articles/{slug}", response=ArticleOut, summary="Read an article")
def get_article(request, slug: str):
    article = _readable_articles(request.user).filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


@router.post(
    "/articles",
    response={201: ArticleOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create an article in one of your places",
)
def create_article(request, payload: ArticleIn):
    place = places_for_user(request.user).filter(pk=payload.place_id).first()
    if place is None:
        raise Http404
    if not has_role(request.user, place, access.EDITOR_ROLES):
        raise PermissionDenied
    data = payload.dict(exclude={"place_id"})
    article = article_services.article_create(place=place, author=request.user, **data)
    return Status(201, article)


@router.patch(
    "/articles/{slug}",
    response={200: ArticleOut, 403: ErrorOut},
    summary="Change an article (keeps a version)",
)
def update_article(request, slug: str, payload: ArticlePatch):
    article = _editable_article(request, slug)
    data = payload.dict(exclude_unset=True)
    note = data.pop("note", "")
    return article_services.article_update(article=article, actor=request.user, note=note, **data)


class ReportIn(Schema):
    kind: str = Field(description="Kind of content: article, comment, resource (and kinds other apps add).")
    id: int = Field(description="Identifier of the content.")
    reason: ReportReason
    details: str = Field("", description="Required when the reason is `other`.")


class ReportOut(Schema):
    id: int
    reason: ReportReason
    details: str
    created_at: datetime
    moderation_id: int
    content: str = Field(alias="moderation.target_label")
    report_count: int = Field(alias="moderation.report_count")
    hidden: bool = Field(alias="moderation.is_hidden")
    status: str = Field(alias="moderation.status")


class ReportFilters(Schema):
    reason: ReportReason | None = None
    status: str | None = Field(None, description="`open` (to review) or `decided`.")


@router.get(
    "/reports", response={200: list[ReportOut], 403: ErrorOut}, summary="List the reports of your places"
)
@paginate(PagePagination)
def list_reports(request, filters: Query[ReportFilters]):
    if not access.is_moderator(request.user):
        raise PermissionDenied
    reports = Report.objects.filter(
        moderation__place__in=access.moderated_places(request.user)
    ).select_related("moderation")
    if filters.reason:
        reports = reports.filter(reason=filters.reason)
    if filters.status:
        reports = reports.filter(moderation__status=filters.status)
    return reports.order_by("-created_at", "-pk")


@router.post("/reports", response={201: ReportOut, 404: ErrorOut}, summary="Report content")
def create_report(request, payload: ReportIn):
    if payload.kind not in reportable_kinds():
        raise Http404
    target = get_reportable_or_404(payload.kind, payload.id)
    report = moderation_services.report_create(
        target=target,
        reason=payload.reason,
        details=payload.details,
        reporter=request.user,
        reporter_key=f"user:{request.user.pk}",
    )
    return Status(201, report)
