from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem


class StatsConfig(AppConfig):
    name = "relais.stats"
    label = "stats"
    verbose_name = _("Indicators")
    navigation = [
        NavItem(
            _("Dashboard"),
            "stats:dashboard",
            roles={"admin", "coordinator", "mediator", "fabmanager"},
        )
    ]

    def ready(self) -> None:
        from relais.stats import signals

        signals.connect()
        from relais.stats import tasks  # noqa: F401  (registers the periodic tasks)
