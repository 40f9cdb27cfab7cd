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
        from relais.knowledge.comments import register_commentable
        from relais.projects import tasks  # noqa: F401  (registers the background jobs)
        from relais.projects.models import Project

        # Published projects take comments from anyone; the team of the place sees the others' threads.
        register_commentable(Project, can_view=_project_visible_to)


def _project_visible_to(user, project) -> bool:
    from relais.core.scoping import places_for_user

    return project.is_published or places_for_user(user).filter(pk=project.place_id).exists()
