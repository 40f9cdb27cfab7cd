from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FablabConfig(AppConfig):
    name = "relais.fablab"
    label = "fablab"
    verbose_name = _("Fablab")
