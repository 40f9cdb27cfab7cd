"""Closed lists of the knowledge base: national themes, CRCN competences, audiences, levels, licences.

Codes are the national ones (activity-report themes, CRCN competence codes) so that the published
knowledge base interoperates; labels are translated for display.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.mediation import crcn
from relais.mediation.vocabularies import MEDIATION_THEMES, Theme

# One source for the national codes: the mediation desk's vocabularies.
THEMES = tuple((code, Theme(code).label) for code in MEDIATION_THEMES)

CRCN_COMPETENCES = tuple(crcn.COMPETENCE_CHOICES)


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    BEGINNERS = "beginners", _("Beginners")
    SENIORS = "seniors", _("Seniors")
    YOUTH = "youth", _("Young people")
    FAMILIES = "families", _("Families")
    JOBSEEKERS = "jobseekers", _("Job seekers")
    PROFESSIONALS = "professionals", _("Mediators and professionals")


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Beginner")
    INTERMEDIATE = "intermediaire", _("Intermediate")
    ADVANCED = "avance", _("Advanced")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA)")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0)")
    ETALAB = "etalab-2.0", _("Licence Ouverte / Open Licence 2.0")
    ODBL = "ODbL-1.0", _("Open Database Licence (ODbL, for data)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    Licence.ALL_RIGHTS_RESERVED: "",
}
# Licences a dataset may carry: open ones only (data.gouv.fr accepts these for public-sector data).
DATA_LICENCES = (Licence.ETALAB, Licence.ODBL, Licence.CC_BY, Licence.CC_BY_SA, Licence.CC0)


def theme_label(code: str) -> str:
    return str(dict(THEMES).get(code, code))


def competence_label(code: str) -> str:
    return str(dict(CRCN_COMPETENCES).get(code, code))
