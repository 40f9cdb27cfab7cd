# ruff: noqa: E501  (prose of the demo texts)
"""French texts of the demo knowledge base: a dozen articles and learning sheets."""

SHEET = "learning_sheet"
ARTICLE = "article"

ARTICLES = [
    {
        "slug": "creer-une-adresse-e-mail",
        "kind": SHEET,
        "title": "Créer une adresse e-mail",
        "summary": "Ouvrir sa première boîte aux lettres électronique, pas à pas.",
        "themes": ["email"],
        "competences": ["2.1"],
        "audience": "beginners",
        "level": "debutant",
        "duration_minutes": 45,
        "body": """## Objectif

À la fin de l'atelier, la personne a une adresse e-mail qui fonctionne et sait l'écrire sans erreur.

## Avant de commencer

- Un numéro de téléphone portable (pour récupérer le compte en cas d'oubli).
- Un carnet pour noter l'adresse **et** le mot de passe, rangé en lieu sûr.

## Étapes

1. Ouvrir le site d'un fournisseur de messagerie (par exemple celui de votre opérateur).
2. Cliquer sur **Créer un compte**.
3. Saisir nom et prénom, puis choisir l'adresse : `prenom.nom@…` est facile à retenir.
4. Choisir un mot de passe (voir la fiche « Mot de passe solide »).
5. Ajouter le numéro de portable de récupération.
6. S'envoyer un premier message pour vérifier.

## À retenir

> Une adresse e-mail, c'est comme une adresse postale : on peut la donner, mais **jamais le mot de passe**.
""",
    },
    {
        "slug": "reconnaitre-un-courriel-frauduleux",
        "kind": SHEET,
        "title": "Reconnaître un courriel frauduleux",
        "summary": "Les signes qui doivent alerter avant de cliquer.",
        "themes": ["securite_numerique", "email"],
        "competences": ["4.1", "4.2"],
        "audience": "everyone",
        "level": "debutant",
        "duration_minutes": 60,
        "body": """## Les signes d'alerte

- Un message **urgent** ou menaçant : « votre compte sera fermé sous 24 h ».
- Une demande de **coordonnées bancaires** ou de mot de passe.
- Une adresse d'expéditeur étrange (`service-client@impots-gouv.info`).
- Des fautes, un logo flou, une formule de politesse impersonnelle.

## Le bon réflexe

1. Ne pas cliquer sur le lien.
2. Se rendre soi-même sur le site officiel, en tapant l'adresse.
3. Signaler le message sur **signal-spam.fr** ou le transférer au 33700 s'il s'agit d'un SMS.
4. Supprimer le message.

## Exercice

Comparer trois vrais courriels et trois faux (captures fournies par l'animateur·rice) et repérer les indices.
""",
    },
    {
        "slug": "mot-de-passe-solide",
        "kind": SHEET,
        "title": "Choisir un mot de passe solide",
        "summary": "Une phrase de passe facile à retenir et difficile à deviner.",
        "themes": ["securite_numerique"],
        "competences": ["4.1"],
        "audience": "everyone",
        "level": "debutant",
        "duration_minutes": 30,
        "body": """## La méthode de la phrase de passe

Prenez quatre mots sans lien entre eux et reliez-les : `Tulipe-Vélo-Orage-42`.

- **Long** : au moins 12 caractères.
- **Unique** : un mot de passe différent par site important (messagerie, banque, impôts).
- **Secret** : on ne le donne à personne, même pas au médiateur·rice.

## Et pour tout retenir ?

Un **gestionnaire de mots de passe** (par exemple KeePassXC, libre et gratuit) garde tous vos mots de passe dans un coffre protégé par une seule phrase de passe.

## À éviter

| À éviter | Pourquoi |
| --- | --- |
| `123456`, `azerty` | Trouvés en une seconde |
| Date de naissance | Connue de votre entourage |
| Le même partout | Une fuite suffit à tout ouvrir |
""",
    },
    {
        "slug": "premiers-pas-smartphone-android",
        "kind": SHEET,
        "title": "Premiers pas avec un smartphone Android",
        "summary": "Allumer, déverrouiller, toucher, glisser : les gestes de base.",
        "themes": ["prendre_en_main_du_materiel"],
        "competences": ["5.2"],
        "audience": "seniors",
        "level": "debutant",
        "duration_minutes": 90,
        "body": """## Les gestes

- **Toucher** : un appui bref ouvre une application.
- **Appui long** : affiche plus d'options.
- **Glisser** : faire défiler une page ou passer d'un écran à l'autre.
- **Pincer** : agrandir une photo ou un texte.

## Les trois boutons du bas

Retour, Accueil, Applications récentes. En cas de doute, **Accueil** ramène toujours au point de départ.

## Régler le confort

1. Paramètres → Affichage → **Taille de la police** : agrandir.
2. Paramètres → Son → régler le volume de la sonnerie.
3. Activer le **mode sombre** le soir pour reposer les yeux.
""",
    },
    {
        "slug": "se-connecter-avec-franceconnect",
        "kind": SHEET,
        "title": "Se connecter avec FranceConnect",
        "summary": "Un seul identifiant pour les services publics en ligne.",
        "themes": ["aide_aux_demarches_administratives"],
        "competences": ["2.4", "4.2"],
        "audience": "everyone",
        "level": "intermediaire",
        "duration_minutes": 45,
        "body": """## Le principe

FranceConnect permet d'utiliser un compte que l'on possède déjà (impots.gouv.fr, ameli, La Poste…) pour se connecter à plus de mille services publics.

## Étapes

1. Sur le site du service, cliquer sur le bouton **S'identifier avec FranceConnect**.
2. Choisir le compte à utiliser (par exemple impots.gouv.fr).
3. Saisir l'identifiant et le mot de passe **de ce compte**.
4. Vérifier les informations affichées, puis continuer.

## Le rôle du médiateur·rice

On montre, la personne tape elle-même ses identifiants. Pour agir à sa place, il faut un mandat **Aidants Connect**.
""",
    },
    {
        "slug": "scanner-un-document-avec-son-telephone",
        "kind": SHEET,
        "title": "Scanner un document avec son téléphone",
        "summary": "Transformer un justificatif papier en PDF lisible.",
        "themes": ["gere_ses_contenus_numeriques", "aide_aux_demarches_administratives"],
        "competences": ["3.2", "1.2"],
        "audience": "everyone",
        "level": "debutant",
        "duration_minutes": 40,
        "body": """## Pourquoi un scan plutôt qu'une photo ?

Un scan redresse la page, améliore le contraste et produit un **PDF** accepté par les administrations.

## Étapes

1. Poser le document à plat, bien éclairé, sur un fond sombre.
2. Ouvrir l'application de scan (Google Drive → **+** → Scanner, ou l'application Notes sur iPhone).
3. Cadrer les quatre coins, valider.
4. Nommer le fichier clairement : `2026-11-justificatif-domicile.pdf`.
5. Vérifier que le texte se lit en zoomant.
""",
    },
    {
        "slug": "visioconference-en-famille",
        "kind": SHEET,
        "title": "Faire une visioconférence en famille",
        "summary": "Voir ses proches à distance avec une simple invitation.",
        "themes": ["reseaux_sociaux"],
        "competences": ["2.1"],
        "audience": "seniors",
        "level": "debutant",
        "duration_minutes": 60,
        "body": """## Ce qu'il faut

Un smartphone, une tablette ou un ordinateur avec caméra, et une connexion internet.

## Rejoindre un appel

1. Ouvrir le lien reçu par message (Jitsi Meet fonctionne sans créer de compte).
2. Autoriser l'accès au **micro** et à la **caméra**.
3. Saisir son prénom, puis **Rejoindre**.

## Les boutons utiles

- Micro barré : on ne vous entend plus.
- Caméra barrée : on ne vous voit plus.
- Téléphone rouge : raccrocher.
""",
    },
    {
        "slug": "ranger-ses-fichiers-et-sauvegarder",
        "kind": SHEET,
        "title": "Ranger ses fichiers et les sauvegarder",
        "summary": "Des dossiers clairs et une copie de sécurité.",
        "themes": ["gere_ses_contenus_numeriques"],
        "competences": ["1.2", "5.1"],
        "audience": "everyone",
        "level": "intermediaire",
        "duration_minutes": 60,
        "body": """## Une arborescence simple

```
Documents
├── Administratif
│   ├── Impôts
│   └── Santé
├── Photos
└── Travail
```

## La règle 3-2-1

- **3** copies de vos fichiers importants,
- sur **2** supports différents (ordinateur et clé USB, par exemple),
- dont **1** hors de chez vous (cloud ou chez un proche).
""",
    },
    {
        "slug": "rediger-son-cv",
        "kind": SHEET,
        "title": "Rédiger son CV avec un traitement de texte",
        "summary": "Un CV clair d'une page, enregistré en PDF.",
        "themes": ["insertion_professionnelle", "bureautique"],
        "competences": ["3.1", "3.3"],
        "audience": "jobseekers",
        "level": "intermediaire",
        "duration_minutes": 120,
        "body": """## Structure

1. Coordonnées (sans adresse complète si vous préférez : la ville suffit).
2. Titre du poste recherché.
3. Expériences, de la plus récente à la plus ancienne.
4. Formations, compétences, langues.

## Mise en forme

- Une seule police, deux tailles maximum.
- Utiliser les **styles de titre** plutôt que le gras partout.
- Enregistrer en **PDF** avant de l'envoyer : `CV-Prenom-Nom.pdf`.
""",
    },
    {
        "slug": "controle-parental",
        "kind": SHEET,
        "title": "Mettre en place le contrôle parental",
        "summary": "Protéger les enfants en ligne sans tout interdire.",
        "themes": ["parentalite", "securite_numerique"],
        "competences": ["4.3", "4.2"],
        "audience": "families",
        "level": "intermediaire",
        "duration_minutes": 90,
        "body": """## Trois niveaux de protection

- **Box internet** : filtrage pour tout le foyer.
- **Appareil** : Family Link (Android) ou Temps d'écran (iPhone).
- **Applications** : profils enfants sur les plateformes vidéo.

## Le dialogue avant tout

Les outils ne remplacent pas la discussion : fixer ensemble les temps d'écran et les règles, en parler régulièrement. Ressource utile : **jeprotegemonenfant.gouv.fr**.
""",
    },
    {
        "slug": "accompagner-sans-faire-a-la-place",
        "kind": ARTICLE,
        "title": "Accompagner sans faire à la place",
        "summary": "La posture du médiateur·rice numérique face aux démarches en ligne.",
        "themes": ["aide_aux_demarches_administratives", "diagnostic_numerique"],
        "competences": ["2.4"],
        "audience": "professionals",
        "level": "avance",
        "duration_minutes": None,
        "body": """Quand une personne arrive avec une démarche urgente, la tentation est grande de « faire vite à sa place ». Pourtant, l'objectif de la médiation numérique est **l'autonomie**.

## Quelques repères

- **Diagnostiquer** d'abord : que sait déjà faire la personne ?
- **Laisser le clavier** : on guide, on montre, la personne agit.
- **Nommer les étapes** pour qu'elles puissent être refaites seule.
- **Orienter** quand la demande dépasse le cadre (travailleur social, France Services).

## Et quand il faut vraiment agir à la place ?

Le cadre légal est le mandat **Aidants Connect** : il protège la personne et le professionnel. Sans mandat, on ne saisit jamais les identifiants de quelqu'un.
""",
    },
    {
        "slug": "atelier-decouverte-ia-generative",
        "kind": ARTICLE,
        "title": "Animer un atelier de découverte de l'IA générative",
        "summary": "Déroulé d'atelier testé à la médiathèque, avec ses exercices.",
        "themes": ["intelligence_artificielle", "culture_numerique"],
        "competences": ["1.1", "3.3"],
        "audience": "professionals",
        "level": "intermediaire",
        "duration_minutes": 120,
        "body": """## Déroulé (2 heures, 8 personnes)

1. **Brise-glace** (15 min) : « Avez-vous déjà parlé à une machine ? »
2. **Démonstration** (20 min) : poser la même question de trois façons différentes.
3. **Exercice en binômes** (40 min) : rédiger une lettre de réclamation, puis la vérifier.
4. **Esprit critique** (30 min) : repérer une erreur factuelle dans une réponse.
5. **Bilan** (15 min) : ce que l'IA fait bien, ce qu'elle fait mal, ce qu'on ne lui confie pas (données personnelles !).

## Retours des participant·es

> « Je croyais que c'était magique, maintenant je sais qu'il faut vérifier. »
""",
    },
]

PENDING_CONTRIBUTIONS = [
    {
        "kind": "text",
        "title": "Astuce : agrandir le texte d'une page web",
        "body": "Sur ordinateur, maintenez la touche **Ctrl** et appuyez sur **+** pour agrandir, sur **-** pour réduire, "
        "et **Ctrl + 0** pour revenir à la taille normale. Pratique pour lire les sites des administrations !",
        "contact_name": "Jacqueline R.",
        "contact_email": "jacqueline.r@example.org",
        "credit": "Jacqueline R., participante de l'atelier du mardi",
    },
    {
        "kind": "text",
        "title": "Retour d'expérience : le café numérique du samedi",
        "body": "Depuis septembre, nous accueillons chaque samedi matin un « café numérique » : café offert, "
        "questions libres, et entraide entre habitants. Les habitués aident les nouveaux.",
        "contact_name": "Collectif Quartier Croix-Rouge",
        "contact_email": "collectif.croixrouge@example.org",
        "credit": "",
    },
]

WIFI_CSV = """nom,adresse,commune,acces,latitude,longitude,debit_mbps
Wi-Fi médiathèque Jean Falala,2 rue des Fuseliers,Reims,libre,49.2537,4.0379,100
Wi-Fi mairie annexe Croix-Rouge,4 rue Pierre Taittinger,Reims,libre,49.23497,4.00125,50
Wi-Fi gare de Reims,Boulevard Joffre,Reims,inscription,49.2591,4.0247,30
Wi-Fi parc de Champagne,Avenue du Général Giraud,Reims,libre,49.2416,4.0571,20
"""

FEEDS = [
    {
        "title": "Société Numérique (ANCT)",
        "url": "https://societenumerique.gouv.fr/fr/actualites/rss.xml",
        "site_url": "https://societenumerique.gouv.fr/",
        "items": [
            (
                "Lancement de l'appel à projets « Inclusion numérique 2027 »",
                ["financement", "appel à projets"],
            ),
            ("Conseillers numériques : le nouveau cadre de formation continue", ["formation"]),
            ("Baromètre du numérique : les chiffres clés", ["chiffres"]),
        ],
    },
    {
        "title": "La MedNum",
        "url": "https://lamednum.coop/feed/",
        "site_url": "https://lamednum.coop/",
        "items": [
            ("Mise à jour du schéma des lieux de médiation numérique", ["données", "standard"]),
            ("Retour sur les Assises de la médiation numérique", ["événement"]),
        ],
    },
    {
        "title": "Les Bases du numérique d'intérêt général",
        "url": "https://lesbases.anct.gouv.fr/rss.xml",
        "site_url": "https://lesbases.anct.gouv.fr/",
        "items": [
            ("Kit d'atelier : sécuriser son smartphone", ["atelier", "sécurité"]),
            ("Fiches pratiques pour accompagner les démarches en ligne", ["démarches"]),
        ],
    },
]
