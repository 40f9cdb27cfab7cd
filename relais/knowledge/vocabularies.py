"""Closed lists of the knowledge base: national themes, CRCN competences, audiences, levels, licences.

Codes are the national ones (activity-report themes, CRCN competence codes) so that the published
knowledge base interoperates; labels are translated for display.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

THEMES = (
    ("diagnostic_numerique", _("Digital skills assessment")),
    ("prendre_en_main_du_materiel", _("Getting started with a device")),
    ("maintenance_de_materiel", _("Device maintenance")),
    ("gere_ses_contenus_numeriques", _("Managing one's digital content")),
    ("navigation_sur_internet", _("Browsing the internet")),
    ("email", _("Email")),
    ("bureautique", _("Office software")),
    ("reseaux_sociaux", _("Social networks and communication")),
    ("sante", _("Health")),
    ("banque_et_achats_en_ligne", _("Online banking and shopping")),
    ("entrepreneuriat", _("Supporting a professional")),
    ("insertion_professionnelle", _("Finding work")),
    ("securite_numerique", _("Staying safe online")),
    ("parentalite", _("Parenting")),
    ("scolarite_et_numerique", _("School and digital")),
    ("creer_avec_le_numerique", _("Creating with digital tools")),
    ("culture_numerique", _("Digital culture")),
    ("intelligence_artificielle", _("Artificial intelligence (AI)")),
    ("aide_aux_demarches_administratives", _("Help with online administrative procedures")),
)

CRCN_COMPETENCES = (
    ("1.1", _("1.1 Searching for and monitoring information")),
    ("1.2", _("1.2 Managing data")),
    ("1.3", _("1.3 Processing data")),
    ("2.1", _("2.1 Interacting")),
    ("2.2", _("2.2 Sharing and publishing")),
    ("2.3", _("2.3 Collaborating")),
    ("2.4", _("2.4 Taking part in the digital world")),
    ("3.1", _("3.1 Developing text documents")),
    ("3.2", _("3.2 Developing multimedia documents")),
    ("3.3", _("3.3 Adapting documents to their purpose")),
    ("3.4", _("3.4 Programming")),
    ("4.1", _("4.1 Securing the digital environment")),
    ("4.2", _("4.2 Protecting personal data and privacy")),
    ("4.3", _("4.3 Protecting health, well-being and the environment")),
    ("5.1", _("5.1 Solving technical problems")),
    ("5.2", _("5.2 Evolving in a digital environment")),
)


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
