"""Who may edit, moderate and follow what: scoped lookups that answer 404 outside the user's places."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from relais.core.models import Role
from relais.core.scoping import get_object_in_places_or_404, has_role, places_for_user
from relais.knowledge.models import Appeal, Article, Contribution, FeedItem, FeedSource, Moderation, Resource
from relais.knowledge.services.watch import items_for_user, sources_for_user

EDITOR_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER})
MODERATOR_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR})
WATCH_ROLES = frozenset({Role.ADMIN, Role.MEDIATOR, Role.FABMANAGER, Role.COORDINATOR, Role.VOLUNTEER})


def editable_places(user):
    return places_for_user(user, EDITOR_ROLES)


def moderated_places(user):
    return places_for_user(user, MODERATOR_ROLES)


def is_editor(user) -> bool:
    return editable_places(user).exists()


def is_moderator(user) -> bool:
    return moderated_places(user).exists()


def require_moderator(user) -> None:
    if not user.is_authenticated or not is_moderator(user):
        raise PermissionDenied


def require_editor(user) -> None:
    if not user.is_authenticated or not is_editor(user):
        raise PermissionDenied


def can_edit(user, obj) -> bool:
    return has_role(user, obj.place, EDITOR_ROLES)


def get_article_for_editor(request: HttpRequest, slug: str) -> Article:
    article = get_object_in_places_or_404(Article.objects.select_related("place"), request.user, slug=slug)
    if not can_edit(request.user, article):
        raise PermissionDenied
    return article


def get_resource_for_editor(request: HttpRequest, slug: str) -> Resource:
    resource = get_object_in_places_or_404(Resource.objects.select_related("place"), request.user, slug=slug)
    if not can_edit(request.user, resource):
        raise PermissionDenied
    return resource


def get_visible_or_404(queryset, request: HttpRequest, slug: str):
    """A published object for everyone; a draft or hidden one only for the team of its place."""
    try:
        obj = queryset.select_related("place").get(slug=slug)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error
    if obj.is_public or (request.user.is_authenticated and can_edit(request.user, obj)):
        return obj
    raise Http404


def _moderated(queryset, request: HttpRequest, **lookup):
    return get_object_in_places_or_404(queryset, request.user, **lookup)


def get_contribution_for_moderator(request: HttpRequest, pk: int) -> Contribution:
    contribution = _moderated(Contribution.objects.select_related("place"), request, pk=pk)
    if not has_role(request.user, contribution.place, MODERATOR_ROLES):
        raise PermissionDenied
    return contribution


def get_moderation_for_moderator(request: HttpRequest, pk: int) -> Moderation:
    moderation = _moderated(Moderation.objects.select_related("place"), request, pk=pk)
    if not has_role(request.user, moderation.place, MODERATOR_ROLES):
        raise PermissionDenied
    return moderation


def get_appeal_for_moderator(request: HttpRequest, pk: int) -> Appeal:
    appeal = get_object_in_places_or_404(
        Appeal.objects.select_related("moderation", "decision"), request.user, "moderation__place", pk=pk
    )
    if not has_role(request.user, appeal.moderation.place, MODERATOR_ROLES):
        raise PermissionDenied
    return appeal


def get_source_for_user(request: HttpRequest, pk: int) -> FeedSource:
    try:
        return sources_for_user(request.user).get(pk=pk)
    except FeedSource.DoesNotExist as error:
        raise Http404 from error


def get_item_for_user(request: HttpRequest, pk: int) -> FeedItem:
    try:
        return items_for_user(request.user).select_related("source").get(pk=pk)
    except FeedItem.DoesNotExist as error:
        raise Http404 from error
