"""Demo data: a partner directory, three projects at different stages, a past co-design event."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from relais.projects.models import (
    Availability,
    BudgetLine,
    ContributorProfile,
    CoordinationActivity,
    DocumentationStep,
    EventOutput,
    Milestone,
    Partner,
    PartnerContact,
    Project,
    ProjectEvent,
    ProjectMember,
    TeamRole,
)
from relais.projects.services import skill_get_or_create

SKILLS = [
    "Impression 3D",
    "Découpe laser",
    "Électronique",
    "Programmation Arduino",
    "Couture",
    "Menuiserie",
    "Graphisme",
    "Animation d'atelier",
    "Vidéo",
    "Recherche de financements",
    "Développement web",
    "Accessibilité numérique",
    "Médiation numérique",
    "Gestion de projet",
    "Communication",
]
COMMUNES = [
    ("Reims", "51454"),
    ("Tinqueux", "51573"),
    ("Bétheny", "51055"),
    ("Cormontreuil", "51172"),
    ("Saint-Brice-Courcelles", "51474"),
    ("Bezannes", "51058"),
    ("Witry-lès-Reims", "51662"),
    ("Taissy", "51562"),
    ("Épernay", "51230"),
    ("Châlons-en-Champagne", "51108"),
    ("Fismes", "51250"),
    ("Sillery", "51536"),
]
PARTNERS = [
    ("Atelier Bois & Co", Partner.Kind.COMPANY, ["Menuiserie", "Découpe laser"]),
    (
        "Association Robot'Champ",
        Partner.Kind.ASSOCIATION,
        ["Électronique", "Programmation Arduino", "Animation d'atelier"],
    ),
    ("Lycée Roosevelt — section STI2D", Partner.Kind.SCHOOL, ["Électronique", "Impression 3D"]),
    ("Université de Reims — IUT", Partner.Kind.SCHOOL, ["Développement web", "Gestion de projet"]),
    ("Fil & Aiguille", Partner.Kind.ASSOCIATION, ["Couture", "Animation d'atelier"]),
    ("Studio Graphéine", Partner.Kind.FREELANCER, ["Graphisme", "Communication"]),
    ("Camille Roussel, vidéaste", Partner.Kind.FREELANCER, ["Vidéo", "Communication"]),
    ("Fondation Champagne Solidaire", Partner.Kind.FUNDER, ["Recherche de financements"]),
    (
        "Grand Reims — service numérique",
        Partner.Kind.PUBLIC_BODY,
        ["Médiation numérique", "Gestion de projet"],
    ),
    ("Département de la Marne", Partner.Kind.PUBLIC_BODY, ["Recherche de financements"]),
    ("Repair Café Reims", Partner.Kind.ASSOCIATION, ["Électronique", "Animation d'atelier"]),
    ("Emmaüs Connect Reims", Partner.Kind.ASSOCIATION, ["Médiation numérique", "Accessibilité numérique"]),
    ("Coop'Print 3D", Partner.Kind.COMPANY, ["Impression 3D", "Découpe laser"]),
    ("Les Petits Débrouillards Grand Est", Partner.Kind.ASSOCIATION, ["Animation d'atelier", "Électronique"]),
    ("Agence Accessible", Partner.Kind.COMPANY, ["Accessibilité numérique", "Développement web"]),
    ("Collège Université", Partner.Kind.SCHOOL, ["Animation d'atelier"]),
    ("Menuiserie Lambert", Partner.Kind.COMPANY, ["Menuiserie"]),
    ("Hugo Petit, développeur", Partner.Kind.FREELANCER, ["Développement web", "Programmation Arduino"]),
    ("Centre social Europe", Partner.Kind.ASSOCIATION, ["Médiation numérique", "Animation d'atelier"]),
    ("Maison de quartier Orgeval", Partner.Kind.ASSOCIATION, ["Animation d'atelier", "Communication"]),
    ("Banque des Territoires", Partner.Kind.FUNDER, ["Recherche de financements", "Gestion de projet"]),
    ("Textiles Champenois", Partner.Kind.COMPANY, ["Couture"]),
    ("Radio Primitive", Partner.Kind.ASSOCIATION, ["Vidéo", "Communication"]),
    ("Léa Martin, designer", Partner.Kind.FREELANCER, ["Graphisme", "Impression 3D"]),
    ("Ville d'Épernay — médiathèque", Partner.Kind.PUBLIC_BODY, ["Médiation numérique"]),
    ("Châlons Fab", Partner.Kind.ASSOCIATION, ["Impression 3D", "Électronique", "Découpe laser"]),
    ("École de la 2e chance", Partner.Kind.SCHOOL, ["Médiation numérique", "Accessibilité numérique"]),
    ("Électro Services Marne", Partner.Kind.COMPANY, ["Électronique"]),
    ("Caisse d'allocations familiales", Partner.Kind.PUBLIC_BODY, ["Recherche de financements"]),
    ("Théo Garnier, menuisier", Partner.Kind.FREELANCER, ["Menuiserie", "Découpe laser"]),
]
FIRST_NAMES = ["Julie", "Karim", "Sophie", "Thomas", "Nadia", "Pierre", "Inès", "Lucas", "Aurélie", "Mehdi"]
LAST_NAMES = [
    "Bernard",
    "Haddad",
    "Leroy",
    "Fontaine",
    "Girard",
    "Perrin",
    "Roux",
    "Blanc",
    "Faure",
    "Mercier",
]


def _partners(demo) -> list[Partner]:
    places = [
        demo.places["fablab-la-fabrique"],
        demo.places["tiers-lieu-la-passerelle"],
        demo.places["epn-croix-rouge"],
    ]
    availabilities = [
        Availability.AVAILABLE,
        Availability.AVAILABLE,
        Availability.LIMITED,
        Availability.UNAVAILABLE,
    ]
    partners = []
    for index, (name, kind, skills) in enumerate(PARTNERS):
        commune, insee = COMMUNES[index % len(COMMUNES)]
        slug = name.lower().split()[0].strip("'’,")
        partner, created = Partner.objects.get_or_create(
            name=name,
            defaults={
                "place": places[index % len(places)],
                "kind": kind,
                "commune": commune,
                "insee_code": insee,
                "email": f"contact@{slug}.demo.relais.test",
                "availability": availabilities[index % len(availabilities)],
                "resources": "Prêt de matériel, accueil de groupes" if index % 3 == 0 else "",
                "is_listed": index % 7 != 6,
                "accepts_contact": index % 5 != 4,
                "consent_recorded_on": demo.today - timedelta(days=30 + index),
                "description": f"{name} : partenaire du réseau numérique du Grand Reims.",
            },
        )
        if created:
            partner.skills.set([skill_get_or_create(skill) for skill in skills])
            PartnerContact.objects.create(
                partner=partner,
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(index * 3) % len(LAST_NAMES)],
                job_title="Référent·e projets",
                email=f"referent@{slug}.demo.relais.test",
                is_primary=True,
            )
        partners.append(partner)
    return partners


def _profiles(demo) -> None:
    specs = {
        "volunteer": (["Impression 3D", "Électronique", "Programmation Arduino"], "Bétheny", "51055"),
        "fabmanager": (["Découpe laser", "Impression 3D", "Animation d'atelier"], "Reims", "51454"),
        "mediator": (
            ["Médiation numérique", "Animation d'atelier", "Accessibilité numérique"],
            "Tinqueux",
            "51573",
        ),
    }
    for key, (skills, commune, insee) in specs.items():
        profile, created = ContributorProfile.objects.get_or_create(
            user=demo.users[key],
            defaults={
                "commune": commune,
                "insee_code": insee,
                "is_listed": True,
                "accepts_contact": key != "mediator",
            },
        )
        if created:
            profile.skills.set([skill_get_or_create(skill) for skill in skills])


BRIEF = {
    "context": "Les habitant·es du quartier Croix-Rouge manquent de bancs et de bacs à plantes ; "
    "le fablab et le tiers-lieu veulent les fabriquer avec elles et eux.",
    "goals": "Concevoir et fabriquer 6 bancs-jardinières en bois de récupération, en ateliers ouverts.",
    "audience": "Habitant·es du quartier, jeunes de 12 à 25 ans, bénévoles du tiers-lieu.",
    "deliverables": "6 bancs-jardinières, plans sous licence libre, un guide de fabrication illustré.",
    "technical_constraints": "Bois de palette traité thermiquement (HT) uniquement ; assemblages sans colle "
    "pour le démontage ; poids maximum 40 kg par module.",
    "machines_needed": "Découpe laser (gabarits), scie à onglet, perceuses-visseuses, ponceuses.",
    "risks": "Disponibilité des bénévoles l'été ; "
    "sécurité des jeunes sur les machines (habilitation obligatoire).",
    "value_proposition": "Du mobilier urbain fabriqué par celles et ceux qui l'utilisent.",
    "beneficiaries": "Habitant·es, bailleur social, ville de Reims.",
    "channels": "Ateliers ouverts au fablab, réseaux sociaux du tiers-lieu, journal de quartier.",
    "key_resources": "Machines du fablab, bois récupéré, temps des bénévoles.",
    "key_partners": "Atelier Bois & Co, bailleur social, Fondation Champagne Solidaire.",
    "costs": "Quincaillerie, huile de protection, consommables machines, animation.",
    "revenues": "Subvention de la fondation, participation du bailleur, valorisation du bénévolat.",
    "materials": "Palettes HT, vis inox, huile de lin.",
    "machines_used": "Découpe laser, scie à onglet, perceuses.",
}
BUDGET = [
    (
        BudgetLine.Kind.EXPENSE,
        "Quincaillerie et visserie inox",
        "1200.00",
        "Brico Pro",
        BudgetLine.Status.CONFIRMED,
    ),
    (
        BudgetLine.Kind.EXPENSE,
        "Huile de protection et abrasifs",
        "350.50",
        "Brico Pro",
        BudgetLine.Status.PLANNED,
    ),
    (
        BudgetLine.Kind.EXPENSE,
        "Animation des ateliers (20 h)",
        "1400.00",
        "Fablab",
        BudgetLine.Status.PLANNED,
    ),
    (
        BudgetLine.Kind.FUNDING,
        "Appel à projets « Quartiers fertiles »",
        "2000.00",
        "Fondation Champagne Solidaire",
        BudgetLine.Status.CONFIRMED,
    ),
    (
        BudgetLine.Kind.FUNDING,
        "Participation du bailleur",
        "950.50",
        "Reims Habitat",
        BudgetLine.Status.REQUESTED,
    ),
    (BudgetLine.Kind.FUNDING, "Subvention refusée", "500.00", "Fonds régional", BudgetLine.Status.REFUSED),
]


def _project(demo, title, **values) -> tuple[Project, bool]:
    skills = values.pop("skills", [])
    project, created = Project.objects.get_or_create(title=title, defaults=values)
    if created:
        project.needed_skills.set([skill_get_or_create(skill) for skill in skills])
        ProjectMember.objects.create(project=project, user=project.owner, role=TeamRole.COORDINATION)
    return project, created


def _co_design_event(demo, project: Project, actor) -> None:
    from relais.programme import services as programme
    from relais.programme.models import Session

    if project.events.exists():
        return
    event = programme.event_create(
        place=project.place,
        title="Atelier de co-conception des bancs-jardinières",
        actor=actor,
        kind="workshop",
        description="Dessiner ensemble les bancs : usages, dimensions, emplacements.",
    )
    # Past sessions cannot be planned through the programme's service (it refuses the past): the demo
    # writes the history directly, as an import of past events would.
    start = timezone.make_aware(datetime.combine(demo.today - timedelta(days=21), time(14, 0)))
    Session.objects.create(
        event=event, place=project.place, start_at=start, end_at=start + timedelta(hours=3), capacity=15
    )
    link = ProjectEvent.objects.create(
        project=project,
        event=event,
        format=ProjectEvent.Format.CO_DESIGN,
        digest_sent_at=start + timedelta(days=2),
    )
    EventOutput.objects.create(
        project_event=link,
        kind=EventOutput.Kind.MINUTES,
        title="Compte rendu de l'atelier",
        text="14 participant·es. Trois usages retenus : s'asseoir, cultiver, se retrouver. "
        "Deux emplacements validés devant la médiathèque et place Jean Moulin.",
        created_by=actor,
        created_at=start + timedelta(days=1),
    )
    photo = EventOutput(
        project_event=link,
        kind=EventOutput.Kind.PHOTO,
        title="Le mur des idées",
        created_by=actor,
        created_at=start + timedelta(hours=3),
    )
    photo.file.save("mur-des-idees.png", _picture("#8fc1a9", "notes"), save=False)
    photo.save()
    EventOutput.objects.create(
        project_event=link,
        kind=EventOutput.Kind.DECISION,
        title="Dimensions retenues",
        text="Modules de 120 × 45 cm, assise à 45 cm, bac de 30 cm de profondeur.",
        created_by=actor,
        created_at=start + timedelta(days=1),
    )


def _picture(colour: str, shape: str) -> ContentFile:
    """A small drawn illustration, so the gallery and the event outputs show photos in the demo."""
    image = Image.new("RGB", (640, 400), "#f4efe6")
    draw = ImageDraw.Draw(image)
    if shape == "lamp":
        draw.polygon([(250, 90), (390, 90), (440, 200), (200, 200)], fill=colour)
        draw.rectangle([310, 200, 330, 320], fill="#5b4636")
        draw.rectangle([240, 320, 400, 340], fill="#5b4636")
    else:
        for index, (x, y) in enumerate([(60, 60), (240, 80), (420, 60), (120, 220), (330, 230)]):
            draw.rectangle(
                [x, y, x + 150, y + 110], fill=colour if index % 2 else "#f7d774", outline="#333333"
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def load(demo) -> str:
    for name in SKILLS:
        skill_get_or_create(name)
    partners = _partners(demo)
    _profiles(demo)
    fablab, owner = demo.places["fablab-la-fabrique"], demo.users["fabmanager"]
    benches, created = _project(
        demo,
        "Bancs-jardinières pour le quartier",
        place=fablab,
        owner=owner,
        status=Project.Status.IN_PROGRESS,
        summary="Fabriquer avec les habitant·es des bancs-jardinières en bois de récupération.",
        starts_on=demo.today - timedelta(days=60),
        ends_on=demo.today + timedelta(days=120),
        skills=["Menuiserie", "Découpe laser", "Animation d'atelier", "Recherche de financements"],
        **BRIEF,
    )
    if created:
        for kind, label, amount, source, status in BUDGET:
            BudgetLine.objects.create(
                project=benches, kind=kind, label=label, amount=Decimal(amount), source=source, status=status
            )
        for days, title, done in [
            (-30, "Atelier de co-conception", True),
            (30, "Prototype validé", False),
            (110, "Installation des bancs", False),
        ]:
            Milestone.objects.create(
                project=benches, title=title, due_on=demo.today + timedelta(days=days), is_done=done
            )
        ProjectMember.objects.create(project=benches, partner=partners[0], role=TeamRole.FABRICATION)
        ProjectMember.objects.create(project=benches, user=demo.users["volunteer"], role=TeamRole.FABRICATION)
    _co_design_event(demo, benches, owner)

    _project(
        demo,
        "Capteurs de qualité de l'air pour les écoles",
        place=fablab,
        owner=owner,
        status=Project.Status.IDEA,
        summary="Des capteurs à monter en classe pour mesurer le CO₂ et apprendre l'électronique.",
        skills=["Électronique", "Programmation Arduino", "Impression 3D"],
    )
    lamps, created = _project(
        demo,
        "Lampes en bois découpées au laser",
        place=fablab,
        owner=owner,
        status=Project.Status.DONE,
        summary="Une lampe de bureau en contreplaqué, à monter sans outil, conçue en atelier.",
        starts_on=demo.today - timedelta(days=200),
        ends_on=demo.today - timedelta(days=100),
        materials="Contreplaqué peuplier 5 mm, douille E14, câble textile.",
        machines_used="Découpe laser.",
        is_published=True,
        published_at=timezone.now() - timedelta(days=90),
        skills=["Découpe laser", "Électronique"],
    )
    if created:
        for position, (title, text) in enumerate(
            [
                ("Dessiner les pièces", "Les pièces s'emboîtent : prévoir un jeu de 0,1 mm selon le bois."),
                ("Découper", "Puissance 60 %, vitesse 20 mm/s pour du peuplier de 5 mm."),
                ("Monter et câbler", "Assembler sans colle puis câbler la douille avec un·e électricien·ne."),
            ],
            start=1,
        ):
            step = DocumentationStep(
                project=lamps,
                position=position,
                title=title,
                text=text,
                photo_alt=f"Illustration de l'étape « {title} » : une lampe en bois.",
            )
            step.photo.save(f"lampe-etape-{position}.png", _picture("#c8873a", "lamp"), save=False)
            step.save()
        ProjectMember.objects.create(project=lamps, partner=partners[12], role=TeamRole.FABRICATION)

    mediator = demo.users["mediator"]
    if not CoordinationActivity.objects.filter(user=mediator).exists():
        place = demo.places["epn-croix-rouge"]
        for days, kind, minutes, note in [
            (3, CoordinationActivity.Kind.PARTENARIAT, 90, "Rencontre avec le centre social Europe"),
            (10, CoordinationActivity.Kind.ANIMATION, 120, "Réunion du réseau des médiateur·rices"),
            (21, CoordinationActivity.Kind.EVENEMENT, 180, "Atelier de co-conception des bancs"),
        ]:
            activity = CoordinationActivity.objects.create(
                place=place,
                user=mediator,
                kind=kind,
                date=demo.today - timedelta(days=days),
                duration_minutes=minutes,
                notes=note,
            )
            activity.partners.set(partners[18:20])
    events = ProjectEvent.objects.count()
    return f"{len(partners)} partners, {Project.objects.count()} projects, {events} participatory events"
