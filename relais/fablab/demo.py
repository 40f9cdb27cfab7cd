"""Demo data of the fablab: eight machines at La Fabrique du Coin, safety quizzes, trainings past and
upcoming, authorised members, a week of bookings (some with their end-of-use record), a maintenance
window and one machine out of service."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from relais.accounts.models import User
from relais.core.demo import DEMO_PASSWORD, DemoContext
from relais.fablab import services
from relais.fablab.models import (
    Authorisation,
    Booking,
    Category,
    Machine,
    MachineState,
    MachineTraining,
    QuizQuestion,
    SafetyQuiz,
    Unavailability,
)
from relais.fablab.rules import BookingRefused, free_intervals
from relais.fablab.trainings import grant_for_attendance, training_save

PLACE = "fablab-la-fabrique"

PRINTER_RULES = (
    "Ne jamais laisser une impression de plus d'une heure sans passer la voir.\n"
    "Ne pas toucher la buse ni le plateau : ils dépassent 200 °C.\n"
    "Retirer la pièce avec la spatule, plateau refroidi.\n"
    "Signaler tout bruit anormal ou fil emmêlé à l'équipe."
)
MACHINES = [
    # slug, name, category, unit, description, rules, equipment, extra
    (
        "prusa-mk4-1",
        "Prusa MK4 n°1",
        "imprimante-3d",
        "m de filament",
        "Imprimante 3D à dépôt de fil, plateau 25 × 21 cm, PLA et PETG.",
        PRINTER_RULES,
        "",
        {},
    ),
    (
        "prusa-mk4-2",
        "Prusa MK4 n°2",
        "imprimante-3d",
        "m de filament",
        "Seconde imprimante 3D, identique à la n°1.",
        PRINTER_RULES,
        "",
        {},
    ),
    (
        "bambu-p1s",
        "Bambu Lab P1S",
        "imprimante-3d",
        "m de filament",
        "Imprimante 3D fermée, rapide, multicolore (AMS).",
        PRINTER_RULES,
        "",
        {"max_booking_minutes": 360},
    ),
    (
        "trotec-speedy-100",
        "Découpeuse laser Trotec Speedy 100",
        "decoupeuse-laser",
        "plaques",
        "Laser CO₂ 60 W, surface 61 × 30 cm : bois, carton, acrylique (jamais de PVC).",
        "Ne jamais quitter la machine pendant une découpe.\n"
        "Allumer l'aspiration avant de lancer le travail.\n"
        "Matériaux interdits : PVC, vinyle, cuir chromé, polycarbonate.\nEn cas de flamme : couvercle fermé, "
        "arrêt d'urgence, prévenir l'équipe.",
        "Lunettes de protection laser (fournies) pour l'entretien",
        {"weekly_quota_minutes": 240},
    ),
    (
        "cameo-4",
        "Découpeuse vinyle Silhouette Cameo 4",
        "decoupeuse-vinyle",
        "m de vinyle",
        "Découpe de vinyle adhésif, flex textile et papier jusqu'à 30 cm de large.",
        "Garder les doigts loin de la lame en mouvement.\nRanger la lame dans son capuchon après usage.",
        "",
        {},
    ),
    (
        "shapeoko-4",
        "Fraiseuse CNC Shapeoko 4",
        "fraiseuse-cnc",
        "plaques",
        "Fraiseuse numérique 80 × 80 cm pour bois et aluminium.",
        "Porter les lunettes et le casque antibruit pendant tout l'usinage.\n"
        "Cheveux attachés, pas de manches "
        "amples ni de bijoux.\nBrider la pièce avant de lancer.\nArrêt d'urgence à portée de main.",
        "Lunettes de protection\nCasque antibruit\nMasque FFP2 pour le MDF",
        {"min_booking_minutes": 60},
    ),
    (
        "brother-innovis",
        "Brodeuse Brother Innov-is 800E",
        "brodeuse",
        "m de fil",
        "Brodeuse numérique, cadre 18 × 13 cm.",
        "Ne pas passer la main sous l'aiguille pendant la broderie.",
        "",
        {},
    ),
    (
        "poste-electronique",
        "Poste électronique",
        "electronique",
        "",
        "Station de soudage, alimentation de laboratoire, oscilloscope, kits Arduino.",
        "Poser le fer sur son support, toujours.\nAérer : fumées de soudure.\n"
        "Débrancher l'alimentation avant de "
        "modifier un montage.",
        "Lunettes de protection",
        {"requires_authorisation": False},
    ),
]

MEMBERS = [
    ("lea.martin@demo.relais.test", "Léa", "Martin"),
    ("yanis.haddad@demo.relais.test", "Yanis", "Haddad"),
    ("chloe.petit@demo.relais.test", "Chloé", "Petit"),
    ("mamadou.sow@demo.relais.test", "Mamadou", "Sow"),
]

QUIZZES = {
    "decoupeuse-laser": (
        "Sécurité de la découpeuse laser",
        [
            (
                "Que faire si une flamme apparaît pendant la découpe ?",
                [
                    "Ouvrir le capot pour souffler",
                    "Garder le capot fermé, arrêt d'urgence, prévenir l'équipe",
                    "Attendre la fin du travail",
                ],
                1,
            ),
            ("Peut-on découper du PVC ?", ["Oui, en baissant la puissance", "Non, jamais (gaz toxique)"], 1),
            ("Quand allumer l'aspiration ?", ["Avant de lancer le travail", "Seulement si ça sent"], 0),
            ("Peut-on quitter la machine pendant une découpe ?", ["Non", "Oui, si c'est court"], 0),
        ],
    ),
    "imprimante-3d": (
        "Sécurité des imprimantes 3D",
        [
            ("À quelle température est la buse ?", ["Environ 40 °C", "Plus de 200 °C"], 1),
            ("Quand retirer la pièce ?", ["Tout de suite", "Plateau refroidi, avec la spatule"], 1),
            ("Le fil s'emmêle : que faire ?", ["Tirer dessus", "Mettre en pause et prévenir l'équipe"], 1),
        ],
    ),
}


def _member(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or User.objects.create_user(email, DEMO_PASSWORD, first_name=first_name, last_name=last_name)


def _machines(place, manager) -> dict[str, Machine]:
    machines = {}
    for slug, name, category, unit, description, rules, equipment, extra in MACHINES:
        machine = Machine.objects.filter(place=place, slug=slug).first()
        if machine is None:
            machine = Machine(
                place=place,
                slug=slug,
                name=name,
                category=Category.objects.get(slug=category),
                consumable_unit=unit,
                description=description,
                safety_rules=rules,
                protective_equipment=equipment,
                **extra,
            )
            services.machine_save(machine=machine, actor=manager, created=True)
        machines[slug] = machine
    return machines


def _quizzes() -> None:
    for category_slug, (title, questions) in QUIZZES.items():
        quiz, created = SafetyQuiz.objects.get_or_create(
            category=Category.objects.get(slug=category_slug),
            defaults={
                "title": title,
                "pass_mark": 75,
                "introduction": "Quelques questions avant la formation.",
            },
        )
        if created:
            for position, (text, choices, correct) in enumerate(questions):
                QuizQuestion.objects.create(
                    quiz=quiz, text=text, choices=choices, correct_choice=correct, position=position
                )


def _local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _trainings(demo: DemoContext, place, machines, members) -> int:
    """A past laser training (attended: authorisations granted by the listener) and an upcoming one."""
    from relais.programme import services as programme
    from relais.programme.models import Event, Registration, Session, Workshop

    manager = demo.users["fabmanager"]
    workshop = Workshop.objects.filter(place=place, title="Formation sécurité découpeuse laser").first()
    if workshop is None:
        workshop = programme.workshop_create(
            place=place,
            actor=manager,
            title="Formation sécurité découpeuse laser",
            description="Consignes, matériaux autorisés, premier travail accompagné.",
            duration_minutes=120,
            default_capacity=6,
        )
        training_save(
            workshop=workshop, machines=[machines["trotec-speedy-100"]], category=None, actor=manager
        )
    printer_workshop = Workshop.objects.filter(place=place, title="Prise en main de l'impression 3D").first()
    if printer_workshop is None:
        printer_workshop = programme.workshop_create(
            place=place,
            actor=manager,
            title="Prise en main de l'impression 3D",
            description="Du fichier 3D à la pièce imprimée, en sécurité.",
            duration_minutes=120,
            default_capacity=8,
        )
        training_save(
            workshop=printer_workshop,
            machines=[],
            category=Category.objects.get(slug="imprimante-3d"),
            actor=manager,
        )
    if Event.objects.filter(workshop__in=[workshop, printer_workshop]).exists():
        return 0
    upcoming_day = _next_weekday(demo.today + timedelta(days=8), 5)  # a Saturday
    for chosen in (workshop, printer_workshop):
        event = programme.event_create(place=place, workshop=chosen, actor=manager, kind=Event.Kind.TRAINING)
        programme.session_create(
            event=event,
            actor=manager,
            start_at=_local(upcoming_day, 10 if chosen == workshop else 14),
            end_at=_local(upcoming_day, 12 if chosen == workshop else 16),
            facilitators=[manager],
        )
        # A past session of the same training, written directly: sessions cannot be planned in the past.
        past_day = _next_weekday(demo.today - timedelta(days=40), 5)
        past = Session.objects.create(
            event=event,
            place=place,
            start_at=_local(past_day, 10),
            end_at=_local(past_day, 12),
            capacity=6,
            registration_mode=event.registration_mode,
        )
        past.facilitators.set([manager])
        for member in members[:3]:
            registration = Registration.objects.create(
                session=past,
                state=Registration.State.ATTENDED,
                name=member.get_full_name(),
                email=member.email,
                consent=True,
                source=Registration.Source.DESK,
                registered_by=manager,
            )
            grant_for_attendance(registration)
    return 2


def _next_weekday(day, weekday: int):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _authorisations(place, machines, members, demo: DemoContext) -> None:
    manager = demo.users["fabmanager"]
    volunteer = demo.users["volunteer"]
    if Authorisation.objects.filter(place=place, user=volunteer).exists():
        return
    for slug in ("prusa-mk4-1", "cameo-4", "shapeoko-4", "brother-innovis"):
        services.authorisation_grant(
            user=volunteer,
            place=place,
            machine=machines[slug],
            actor=manager,
            evidence=Authorisation.Evidence.PRIOR_EXPERIENCE,
            evidence_note="Bénévole formé·e au fablab",
        )
    services.authorisation_grant(
        user=members[3],
        place=place,
        machine=machines["cameo-4"],
        actor=manager,
        evidence=Authorisation.Evidence.MANUAL,
        evidence_note="Démonstration faite à l'accueil",
        granted_on=demo.today - relativedelta(months=36) + timedelta(days=10),  # expires in ten days
    )
    services.authorisation_grant(
        user=manager,
        place=place,
        category=Category.objects.get(slug="fraiseuse-cnc"),
        actor=manager,
        evidence=Authorisation.Evidence.PRIOR_EXPERIENCE,
    )


def _book_first_allowed(machine, people, begin, limit) -> int:
    """Book two hours (less before closing) for the first person the rules allow; 1 if booked."""
    end = min(begin + timedelta(hours=2), limit)
    for person in people:
        try:
            services.booking_create(machine=machine, user=person, actor=person, start=begin, end=end)
        except BookingRefused:
            continue
        return 1
    return 0


def _bookings(demo: DemoContext, machines, members) -> int:
    """A week of bookings from tomorrow, taken through the rules, and past ones with their use recorded."""
    if Booking.objects.filter(machine__place__slug=PLACE).exists():
        return 0
    people = [demo.users["volunteer"], *members[:3]]
    created = 0
    start = timezone.make_aware(datetime.combine(demo.today + timedelta(days=1), time(0)))
    slugs = ["prusa-mk4-1", "prusa-mk4-2", "bambu-p1s", "trotec-speedy-100", "cameo-4", "brother-innovis"]
    for index, slug in enumerate(slugs):
        machine = machines[slug]
        for offset, (slot_start, slot_end) in enumerate(
            free_intervals(machine, start, start + timedelta(days=7))
        ):
            for hours in (0, 3) if (offset + index) % 2 else (1,):
                begin = slot_start + timedelta(hours=hours)
                created += _book_first_allowed(
                    machine, people[offset % len(people) :] + people, begin, slot_end
                )
    manager = demo.users["fabmanager"]
    for days_ago, slug, person, quantity in [
        (3, "prusa-mk4-1", people[1], Decimal("12.5")),
        (4, "trotec-speedy-100", people[2], Decimal("2")),
        (10, "bambu-p1s", people[3], Decimal("35")),
    ]:
        begin = _local(demo.today - timedelta(days=days_ago), 15)
        booking = Booking.objects.create(
            machine=machines[slug], user=person, booked_by=person, start=begin, end=begin + timedelta(hours=2)
        )
        services.usage_record(
            booking=booking, actor=manager, minutes_used=105, quantity=quantity, material="PLA"
        )
        created += 1
    return created


def _maintenance(demo: DemoContext, machines) -> None:
    """Plans by calendar and by usage, a history of done orders, one open repair."""
    from relais.fablab import maintenance
    from relais.fablab.models import MaintenanceOrder, MaintenancePlan

    if MaintenancePlan.objects.filter(machine__place__slug=PLACE).exists():
        return
    manager = demo.users["fabmanager"]
    plans = [
        (
            machines["trotec-speedy-100"],
            "Nettoyer miroirs et lentille",
            1,
            "months",
            40,
            "Couper l'alimentation\nNettoyer la lentille\nNettoyer les trois miroirs\nVérifier l'alignement",
        ),
        (
            machines["prusa-mk4-1"],
            "Graisser les axes et vérifier la buse",
            3,
            "months",
            200,
            "Graisser les axes\nVérifier la buse\nCalibrer le plateau",
        ),
        (
            machines["shapeoko-4"],
            "Vérifier les courroies",
            None,
            "months",
            30,
            "Tension des courroies\nAspiration",
        ),
    ]
    for machine, title, interval, unit, hours, checklist in plans:
        plan = MaintenancePlan(
            machine=machine,
            title=title,
            interval=interval,
            interval_unit=unit,
            usage_hours=hours,
            checklist=checklist,
            last_done_on=demo.today - timedelta(days=20),
        )
        maintenance.plan_save(plan=plan, actor=manager, created=True)
    for days_ago, title in [
        (120, "Tube laser qui faiblit"),
        (60, "Courroie Y détendue"),
        (25, "Buse bouchée"),
    ]:
        order = MaintenanceOrder.objects.create(
            machine=machines["trotec-speedy-100" if "laser" in title else "prusa-mk4-1"],
            kind=MaintenanceOrder.Kind.CORRECTIVE,
            title=title,
            state=MaintenanceOrder.State.DONE,
            due_on=demo.today - timedelta(days=days_ago),
            done_by=manager,
            time_spent_minutes=45,
            done_at=_local(demo.today - timedelta(days=days_ago - 2), 17),
        )
        MaintenanceOrder.objects.filter(pk=order.pk).update(
            created_at=_local(demo.today - timedelta(days=days_ago), 15)
        )
    maintenance.order_create(
        machine=machines["prusa-mk4-2"],
        actor=manager,
        title="Remplacer la buse bouchée",
        description="Pièce commandée chez le fournisseur.",
        due_on=demo.today + timedelta(days=5),
        checklist=["Démonter la buse", "Monter la buse neuve", "Imprimer le test de calibration"],
    )
    maintenance.plans_generate_orders(today=demo.today)


def _stock_and_incident(demo: DemoContext, place, machines) -> None:
    """Supplies with one under its threshold, and an open incident reported through a QR code."""
    from relais.fablab import incidents, stock
    from relais.fablab.models import Consumable, IncidentReport

    manager = demo.users["fabmanager"]
    if not Consumable.objects.filter(place=place).exists():
        for name, unit, supplier, cost, threshold, bought in [
            ("PLA noir 1,75 mm", "m", "Filimprimante", Decimal("0.05"), 200, 1650),
            ("PETG transparent 1,75 mm", "m", "Filimprimante", Decimal("0.07"), 150, 120),
            ("Contreplaqué peuplier 3 mm (60 × 30)", "plaques", "Bois & Co", Decimal("2.80"), 10, 24),
            ("Vinyle adhésif noir", "m", "Signal Déco", Decimal("1.90"), 3, 12),
        ]:
            item = stock.consumable_save(
                consumable=Consumable(
                    place=place,
                    name=name,
                    unit=unit,
                    supplier=supplier,
                    unit_cost=cost,
                    reorder_threshold=threshold,
                ),
                actor=manager,
            )
            stock.movement_record(consumable=item, kind="purchase", quantity=Decimal(bought), actor=manager)
    if not IncidentReport.objects.filter(machine__place=place).exists():
        incidents.incident_report(
            machine=machines["shapeoko-4"],
            address="demo",
            severity="degraded",
            description="La broche fait un bruit de frottement au démarrage.",
            contact="visiteur@demo.relais.test",
        )


def _loans(demo: DemoContext, place) -> None:
    """Lendable equipment, a loan for an outside event and one overdue loan."""
    from relais.fablab import loans
    from relais.fablab.models import LendableItem, Loan

    if LendableItem.objects.filter(place=place).exists():
        return
    manager = demo.users["fabmanager"]
    items = {}
    for name, accessories in [
        ("Ordinateur portable n°1", "Chargeur\nSouris\nHousse"),
        ("Ordinateur portable n°2", "Chargeur\nSouris\nHousse"),
        ("Tablette n°1", "Chargeur\nCoque"),
        ("Vidéoprojecteur", "Câble HDMI\nTélécommande\nSacoche"),
        ("Imprimante 3D portable Prusa Mini", "Bobine PLA\nSpatule\nCaisse de transport"),
    ]:
        items[name] = loans.item_save(
            item=LendableItem(place=place, name=name, accessories=accessories), actor=manager
        )
    for name in ("Vidéoprojecteur", "Imprimante 3D portable Prusa Mini", "Tablette n°1"):
        loans.loan_checkout(
            item=items[name],
            borrower_kind=Loan.BorrowerKind.EVENT,
            borrower="Fête de la science au lycée Clemenceau",
            due_on=demo.today + timedelta(days=4),
            accessories=items[name].accessory_lines(),
            actor=manager,
        )
    Loan.objects.create(
        item=items["Ordinateur portable n°2"],
        borrower_kind=Loan.BorrowerKind.PARTNER,
        borrower="Association Les Connectés",
        email="contact@demo.relais.test",
        due_on=demo.today - timedelta(days=6),
        accessories_out=["Chargeur", "Souris", "Housse"],
        checked_out_at=_local(demo.today - timedelta(days=20), 15),
        checked_out_by=manager,
    )


@transaction.atomic
def load(demo: DemoContext) -> str:
    place = demo.places[PLACE]
    manager = demo.users["fabmanager"]
    machines = _machines(place, manager)
    _quizzes()
    members = [_member(*member) for member in MEMBERS]
    trainings = _trainings(demo, place, machines, members)
    _authorisations(place, machines, members, demo)
    bookings = _bookings(demo, machines, members)
    laser = machines["trotec-speedy-100"]
    if not Unavailability.objects.filter(machine=laser).exists():
        day = _next_weekday(demo.today + timedelta(days=1), 3)  # a Thursday
        services.unavailability_create(
            place=place,
            machine=laser,
            kind=Unavailability.Kind.MAINTENANCE,
            start=_local(day, 14),
            end=_local(day, 16),
            reason="Nettoyage des miroirs et de la lentille",
            actor=manager,
        )
    _maintenance(demo, machines)
    _stock_and_incident(demo, place, machines)
    _loans(demo, place)
    broken = machines["prusa-mk4-2"]
    broken.refresh_from_db()
    if broken.state != MachineState.OUT_OF_SERVICE:
        services.machine_set_state(
            machine=broken,
            state=MachineState.OUT_OF_SERVICE,
            actor=manager,
            reason="Buse bouchée, pièce de rechange commandée",
        )
    return (
        f"{len(machines)} machines, {MachineTraining.objects.count()} trainings ({trainings} new events), "
        f"{Authorisation.objects.filter(place=place).count()} authorisations, {bookings} new bookings"
    )
