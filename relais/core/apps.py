from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "relais.core"
    label = "core"
    verbose_name = _("Core")

    @property
    def navigation(self):
        from relais.core.models import Role
        from relais.core.navigation import NavItem

        return [
            NavItem(_("Places"), "core:place-list"),
            NavItem(_("Organisations"), "core:organisation-list", roles={Role.ADMIN, Role.COORDINATOR}),
        ]

    def ready(self) -> None:
        from relais.core import tasks  # noqa: F401  (registers the task-failure signal)
