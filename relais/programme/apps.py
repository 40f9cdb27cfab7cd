from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class ProgrammeConfig(AppConfig):
    name = "relais.programme"
    label = "programme"
    verbose_name = _("Programme")
    navigation = [
        NavItem(_("Agenda"), "programme:agenda", public=True),
        NavItem(_("Programme"), "programme:home", roles={"admin", "mediator", "fabmanager", "coordinator"}),
    ]

    def ready(self) -> None:
        from relais.programme import tasks  # noqa: F401  (registers the periodic reminder job)
