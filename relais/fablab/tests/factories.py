from datetime import timedelta

import factory
from django.utils import timezone

from relais.fablab.models import Authorisation, Booking, Category, Machine


def category(slug: str = "imprimante-3d") -> Category:
    # Created by a data migration, but tests with transaction=True flush the tables after they run.
    found, _created = Category.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").capitalize(), "validity_months": 24}
    )
    return found


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    category = factory.LazyFunction(category)
    name = factory.Sequence(lambda n: f"Imprimante {n}")
    slug = factory.Sequence(lambda n: f"imprimante-{n}")
    safety_rules = (
        "Ne jamais laisser une impression sans surveillance.\nAttendre le refroidissement du plateau."
    )
    protective_equipment = "Lunettes de protection"
    consumable_unit = "m de filament"
    booking_horizon_days = 30
    min_booking_minutes = 30
    max_booking_minutes = 240
    weekly_quota_minutes = 480
    cancellation_deadline_hours = 24

    class Params:
        out_of_service = factory.Trait(state="out_of_service")
        retired = factory.Trait(state="retired")


class AuthorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorisation

    place = factory.LazyAttribute(lambda o: o.machine.place if o.machine else None)
    machine = None
    category = None
    evidence = Authorisation.Evidence.MANUAL
    granted_on = factory.LazyFunction(timezone.localdate)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))
    booked_by = factory.SelfAttribute("user")
