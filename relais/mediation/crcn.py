"""The national digital-competence framework (CRCN, décret n° 2019-919): 5 domains, 16 competences, 8 levels.

Labels are the official French ones, kept verbatim as data (like the places-schema vocabularies).
Each competence has four "can you…" statements, one per level group (novice, independent, advanced,
expert); see `level_from_answers` for how answers become a level from 0 (not yet) to 8.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    number: int
    label: str


@dataclass(frozen=True)
class Competence:
    code: str
    label: str
    statements: tuple[str, str, str, str]

    @property
    def domain(self) -> int:
        return int(self.code.split(".")[0])


DOMAINS = (
    Domain(1, "Information et données"),
    Domain(2, "Communication et collaboration"),
    Domain(3, "Création de contenus"),
    Domain(4, "Protection et sécurité"),
    Domain(5, "Environnement numérique"),
)

LEVELS = {
    1: "Novice 1",
    2: "Novice 2",
    3: "Indépendant 3",
    4: "Indépendant 4",
    5: "Avancé 5",
    6: "Avancé 6",
    7: "Expert 7",
    8: "Expert 8",
}
LEVEL_GROUPS = ("Novice", "Indépendant", "Avancé", "Expert")

COMPETENCES = (
    Competence(
        "1.1",
        "Mener une recherche et une veille d'information",
        (
            "Savez-vous taper une question dans un moteur de recherche et ouvrir un résultat ?",
            "Savez-vous choisir des mots-clés précis et repérer si un site est fiable ?",
            "Savez-vous croiser plusieurs sources et utiliser les filtres de recherche avancée ?",
            "Savez-vous organiser une veille suivie (alertes, flux) sur un sujet ?",
        ),
    ),
    Competence(
        "1.2",
        "Gérer des données",
        (
            "Savez-vous enregistrer un fichier et le retrouver ensuite ?",
            "Savez-vous ranger vos fichiers dans des dossiers que vous avez créés ?",
            "Savez-vous sauvegarder vos fichiers sur un autre support ou dans le nuage ?",
            "Savez-vous organiser et synchroniser vos données entre plusieurs appareils ?",
        ),
    ),
    Competence(
        "1.3",
        "Traiter des données",
        (
            "Savez-vous lire un tableau de chiffres simple ?",
            "Savez-vous remplir un tableau et faire une somme dans un tableur ?",
            "Savez-vous trier, filtrer et faire un graphique à partir de données ?",
            "Savez-vous croiser plusieurs tableaux de données pour en tirer une analyse ?",
        ),
    ),
    Competence(
        "2.1",
        "Interagir",
        (
            "Savez-vous lire et envoyer un message (SMS, courriel) ?",
            "Savez-vous joindre un document à un courriel et répondre à plusieurs personnes ?",
            "Savez-vous participer à une visioconférence (caméra, micro, partage d'écran) ?",
            "Savez-vous choisir l'outil de communication adapté à chaque situation ?",
        ),
    ),
    Competence(
        "2.2",
        "Partager et publier",
        (
            "Savez-vous partager une photo avec un proche ?",
            "Savez-vous publier un message en choisissant qui peut le voir ?",
            "Savez-vous partager un document par lien en réglant les droits d'accès ?",
            "Savez-vous publier des contenus en respectant les droits d'auteur et les licences ?",
        ),
    ),
    Competence(
        "2.3",
        "Collaborer",
        (
            "Savez-vous ouvrir un document partagé qu'on vous a envoyé ?",
            "Savez-vous modifier un document à plusieurs en ligne ?",
            "Savez-vous organiser un travail d'équipe avec un agenda ou un outil partagé ?",
            "Savez-vous animer un projet collaboratif en ligne ?",
        ),
    ),
    Competence(
        "2.4",
        "S'insérer dans le monde numérique",
        (
            "Savez-vous créer un compte sur un site en ligne ?",
            "Savez-vous faire une démarche en ligne (CAF, impôts, santé) de bout en bout ?",
            "Savez-vous gérer votre identité en ligne (profils, traces, réputation) ?",
            "Savez-vous accompagner quelqu'un dans ses usages du numérique ?",
        ),
    ),
    Competence(
        "3.1",
        "Développer des documents textuels",
        (
            "Savez-vous écrire un court texte dans un traitement de texte ?",
            "Savez-vous mettre en forme un texte (titres, gras, listes) et l'imprimer ?",
            "Savez-vous utiliser les styles et insérer un tableau ou une image ?",
            "Savez-vous produire un long document structuré (sommaire, notes) ?",
        ),
    ),
    Competence(
        "3.2",
        "Développer des documents multimédia",
        (
            "Savez-vous prendre une photo ou une vidéo avec un appareil ?",
            "Savez-vous recadrer une photo ou couper une vidéo ?",
            "Savez-vous réaliser un montage avec images, sons et textes ?",
            "Savez-vous produire un contenu multimédia complet pour un public ?",
        ),
    ),
    Competence(
        "3.3",
        "Adapter les documents à leur finalité",
        (
            "Savez-vous enregistrer un document en PDF ?",
            "Savez-vous convertir un document dans un autre format pour l'envoyer ?",
            "Savez-vous adapter un document à son support (écran, impression, accessibilité) ?",
            "Savez-vous choisir une licence et des formats ouverts pour diffuser un document ?",
        ),
    ),
    Competence(
        "3.4",
        "Programmer",
        (
            "Savez-vous suivre une suite d'instructions pas à pas ?",
            "Savez-vous écrire une petite séquence d'instructions (jeu, robot, blocs) ?",
            "Savez-vous écrire un programme avec des conditions et des boucles ?",
            "Savez-vous concevoir et corriger un programme complet ?",
        ),
    ),
    Competence(
        "4.1",
        "Sécuriser l'environnement numérique",
        (
            "Savez-vous verrouiller votre téléphone ou votre ordinateur ?",
            "Savez-vous créer un mot de passe solide et reconnaître un message frauduleux ?",
            "Savez-vous faire les mises à jour et activer la double authentification ?",
            "Savez-vous sécuriser un équipement partagé ou un petit réseau ?",
        ),
    ),
    Competence(
        "4.2",
        "Protéger les données personnelles et la vie privée",
        (
            "Savez-vous ce qu'est une donnée personnelle ?",
            "Savez-vous refuser les cookies et régler la confidentialité d'un compte ?",
            "Savez-vous exercer vos droits (accès, effacement) auprès d'un service ?",
            "Savez-vous évaluer les risques d'un service pour la vie privée avant de l'utiliser ?",
        ),
    ),
    Competence(
        "4.3",
        "Protéger la santé, le bien-être et l'environnement",
        (
            "Savez-vous limiter votre temps d'écran ?",
            "Savez-vous régler les notifications et repérer le cyberharcèlement ?",
            "Savez-vous réduire l'impact environnemental de vos usages ?",
            "Savez-vous conseiller d'autres personnes pour un usage sain et sobre ?",
        ),
    ),
    Competence(
        "5.1",
        "Résoudre des problèmes techniques",
        (
            "Savez-vous redémarrer un appareil qui ne répond plus ?",
            "Savez-vous vérifier une connexion internet ou une imprimante qui ne marche pas ?",
            "Savez-vous chercher une solution en ligne à un problème technique et l'appliquer ?",
            "Savez-vous diagnostiquer et réparer une panne logicielle ou matérielle ?",
        ),
    ),
    Competence(
        "5.2",
        "Évoluer dans un environnement numérique",
        (
            "Savez-vous allumer un appareil et ouvrir une application ?",
            "Savez-vous installer et désinstaller une application ?",
            "Savez-vous régler votre appareil et choisir les outils adaptés à vos besoins ?",
            "Savez-vous suivre les évolutions du numérique et adapter vos outils ?",
        ),
    ),
)

COMPETENCE_CODES = tuple(competence.code for competence in COMPETENCES)
COMPETENCES_BY_CODE = {competence.code: competence for competence in COMPETENCES}
COMPETENCE_CHOICES = [(c.code, f"{c.code} {c.label}") for c in COMPETENCES]
DOMAINS_BY_NUMBER = {domain.number: domain for domain in DOMAINS}

# Answer to one statement.
NO, WITH_HELP, YES = "no", "with_help", "yes"
ANSWERS = (NO, WITH_HELP, YES)
WEAK_LEVEL = 3  # at or below this level, a competence is suggested for work


def level_from_answers(answers: list[str]) -> int:
    """Level 0–8 from the four answers of a competence: each "yes" climbs a group, "with help" half of one."""
    level = 0
    for group, answer in enumerate(answers, start=1):
        if answer == YES:
            level = 2 * group
        elif answer == WITH_HELP:
            return 2 * group - 1
        else:
            return level
    return level


def domain_levels(levels: dict[str, int]) -> dict[int, float]:
    """Mean level per domain, over the competences assessed."""
    result: dict[int, list[int]] = {}
    for code, level in levels.items():
        result.setdefault(COMPETENCES_BY_CODE[code].domain, []).append(level)
    return {number: round(sum(values) / len(values), 1) for number, values in sorted(result.items())}
