from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class CoreConfig(AppConfig):
    name = "relais.core"
    label = "core"
    verbose_name = _("Core")

    navigation = [
        NavItem(_("Places"), "core:place-list"),
        NavItem(_("Organisations"), "core:organisation-list", roles={"admin", "coordinator"}),
    ]

    def ready(self) -> None:
        from relais.core import tasks  # noqa: F401  (registers the task-failure signal)
