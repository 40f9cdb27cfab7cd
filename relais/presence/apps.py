from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class PresenceConfig(AppConfig):
    name = "relais.presence"
    label = "presence"
    verbose_name = _("Digital presence")
    navigation = [
        NavItem(
            _("Digital presence"),
            "presence:subject-list",
            roles={"admin", "coordinator", "mediator", "fabmanager"},
        )
    ]

    def ready(self) -> None:
        from relais.presence import tasks  # noqa: F401  (registers the tasks and the monthly schedule)
