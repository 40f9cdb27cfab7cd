"""Template helpers: the comment thread of any registered object, and links to report content."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from relais.core.scoping import has_role
from relais.knowledge.access import MODERATOR_ROLES
from relais.knowledge.forms import CommentForm
from relais.knowledge.models import Comment
from relais.knowledge.reportables import kind_of

register = template.Library()


@register.inclusion_tag("knowledge/_comment_thread.html", takes_context=True)
def comment_thread(context, target):
    """Comments of `target` (replies under their parent) and the form to add one."""
    request = context["request"]
    content_type = ContentType.objects.get_for_model(target)
    comments = list(
        Comment.objects.filter(content_type=content_type, object_id=target.pk)
        .visible()
        .select_related("author")
    )
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    thread = [(comment, replies.get(comment.pk, [])) for comment in comments if not comment.parent_id]
    place = getattr(target, "place", None)
    wanted = request.GET.get("repondre")
    reply_to = next((c for c in comments if not c.parent_id and str(c.pk) == wanted), None)
    form = CommentForm(user=request.user, initial={"parent": reply_to.pk} if reply_to else None)
    return {
        "request": request,
        "thread": thread,
        "count": len(comments),
        "form": form,
        "reply_to": reply_to,
        "action": reverse(
            "knowledge:comment-create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk}
        ),
        "is_moderator": bool(place and has_role(request.user, place, MODERATOR_ROLES)),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def report_url(obj) -> str:
    return reverse("knowledge:report-create", kwargs={"kind": kind_of(obj), "pk": obj.pk})
