from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "relais.projects"
    label = "projects"
    verbose_name = _("Projects")

    @property
    def navigation(self):
        from relais.core.navigation import NavItem

        return [
            NavItem(_("Projects"), "projects:project-list"),
            NavItem(_("Partners"), "projects:partner-list"),
            NavItem(_("Project gallery"), "projects:gallery", public=True),
        ]

    def ready(self) -> None:
        from relais.projects import tasks  # noqa: F401  (registers the background jobs)
