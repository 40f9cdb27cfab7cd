"""Which kinds of content can be reported, by the short name used in URLs and in the API."""

from django.db.models import Model
from django.http import Http404

from relais.knowledge.models import Article, Comment, Resource

_registry: dict[str, type[Model]] = {"comment": Comment, "article": Article, "resource": Resource}


def register_reportable(kind: str, model: type[Model]) -> None:
    """Make another app's content reportable; the model needs `place` and an `is_hidden` field."""
    _registry[kind] = model


def reportable_kinds() -> list[str]:
    return sorted(_registry)


def kind_of(obj: Model) -> str:
    for kind, model in _registry.items():
        if isinstance(obj, model):
            return kind
    raise KeyError(type(obj).__name__)


def get_reportable_or_404(kind: str, pk: int) -> Model:
    """A reportable object people can currently see (hidden or unpublished content cannot be reported)."""
    model = _registry.get(kind)
    if model is None:
        raise Http404
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or getattr(obj, "is_hidden", False) or getattr(obj, "is_held", False):
        raise Http404
    if hasattr(obj, "is_public") and not obj.is_public:
        raise Http404
    return obj
