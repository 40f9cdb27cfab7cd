"""The knowledge app's block on the signed-in home page: what waits for moderation, unread watch items."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from relais.core.navigation import Panel
from relais.knowledge import access
from relais.knowledge.models import Comment, Contribution, FeedItemRead, Moderation
from relais.knowledge.services.watch import items_for_user


def panels(request) -> list[Panel]:
    user = request.user
    context = {}
    if access.is_moderator(user):
        places = access.moderated_places(user)
        context["contributions"] = Contribution.objects.filter(place__in=places, status="pending").count()
        context["reports"] = Moderation.objects.filter(
            place__in=places, status=Moderation.Status.OPEN
        ).count()
        context["held"] = Comment.objects.filter(place__in=places, is_held=True, is_hidden=False).count()
    read = FeedItemRead.objects.filter(item=OuterRef("pk"), user=user)
    context["unread"] = items_for_user(user).filter(~Exists(read)).count()
    if not any(context.values()):
        return []
    return [Panel(_("Community and news watch"), "knowledge/_panel_home.html", context, order=70)]
