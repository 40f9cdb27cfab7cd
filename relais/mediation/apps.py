from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relais.core.navigation import NavItem

RECORD = {"admin", "mediator", "fabmanager"}
STAFF = RECORD | {"coordinator"}


class MediationConfig(AppConfig):
    name = "relais.mediation"
    label = "mediation"
    verbose_name = _("Mediation desk")
    navigation = [
        NavItem(_("Record"), "mediation:activity-create", roles=RECORD),
        NavItem(_("Activities"), "mediation:activity-list", roles=STAFF),
        NavItem(_("Beneficiaries"), "mediation:beneficiary-list", roles=RECORD),
    ]

    def ready(self) -> None:
        from relais.mediation import tasks  # noqa: F401  (registers the periodic task)
