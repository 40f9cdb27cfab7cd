"""Comment threads on any object: register a model once, then `{% comment_thread obj %}` in its page.

    # in your AppConfig.ready()
    from relais.knowledge.comments import register_commentable
    register_commentable(Project, can_view=lambda user, project: project.is_public)

The thread template posts to `knowledge:comment-create`, which only accepts registered models, and
only objects that `can_view(user, obj)` allows (default: every object).
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import Http404

_registry: dict[str, Callable[[object, Model], bool]] = {}


def _key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_commentable(model: type[Model], can_view: Callable[[object, Model], bool] | None = None) -> None:
    _registry[_key(model)] = can_view or (lambda user, obj: True)


def is_commentable(obj: Model) -> bool:
    return _key(type(obj)) in _registry


def get_commentable_or_404(content_type_id: int, object_id: int, user) -> Model:
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    model = content_type.model_class()
    if model is None or _key(model) not in _registry:
        raise Http404
    try:
        obj = model._default_manager.get(pk=object_id)
    except model.DoesNotExist as error:
        raise Http404 from error
    if not _registry[_key(model)](user, obj):
        raise Http404
    return obj
