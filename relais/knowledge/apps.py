from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class KnowledgeConfig(AppConfig):
    name = "relais.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    navigation = [
        NavItem(_("Resources"), "knowledge:article-list", public=True),
        NavItem(_("Moderation"), "knowledge:moderation-queue", roles={"admin", "mediator"}),
        NavItem(
            _("News watch"), "knowledge:watch-list", roles={"admin", "mediator", "fabmanager", "coordinator"}
        ),
    ]

    def ready(self) -> None:
        from relais.knowledge import tasks  # noqa: F401  (registers the periodic jobs)
        from relais.knowledge.comments import register_commentable
        from relais.knowledge.models import Article

        register_commentable(Article, can_view=lambda user, article: article.is_public)
