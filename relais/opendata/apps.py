from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class OpendataConfig(AppConfig):
    name = "relais.opendata"
    label = "opendata"
    verbose_name = _("Open data")
    navigation = [NavItem(_("Open data"), "opendata:catalogue", public=True)]

    def ready(self) -> None:
        from relais.knowledge.services.contributions import register_dataset_publisher
        from relais.opendata import tasks  # noqa: F401  (registers the nightly regeneration)
        from relais.opendata.services import publish_contribution

        register_dataset_publisher(publish_contribution)
