from datetime import timedelta

import factory
from django.utils import timezone

from relais.programme.models import Event, Registration, Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Découvrir les bases."
    themes = ["navigation_sur_internet"]
    competences = ["1.1"]
    publics = ["Seniors"]
    duration_minutes = 120
    default_capacity = 10


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Atelier courriel {n}")
    description = "Créer et utiliser une adresse électronique."
    themes = ["email"]
    publics = ["Seniors"]
    level = "debutant"


def _start():
    return (timezone.now() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    place = factory.SelfAttribute("event.place")
    start_at = factory.LazyFunction(_start)
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(hours=2))
    capacity = 10
    registration_mode = factory.SelfAttribute("event.registration_mode")

    class Params:
        past = factory.Trait(
            start_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
        )
        full = factory.Trait(capacity=0)
        cancelled = factory.Trait(status=Session.Status.CANCELLED)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    consent = True
    state = Registration.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
