from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class FablabConfig(AppConfig):
    name = "relais.fablab"
    label = "fablab"
    verbose_name = _("Fablab")
    navigation = [NavItem(_("Fablab"), "fablab:home")]

    def ready(self) -> None:
        from relais.fablab.trainings import grant_for_attendance
        from relais.programme.hooks import register_attendance_listener

        register_attendance_listener(grant_for_attendance)
