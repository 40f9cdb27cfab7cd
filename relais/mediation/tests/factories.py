import datetime

import factory

from relais.mediation.models import Activity, Beneficiary, Tag, normalise
from relais.mediation.vocabularies import ActivityKind


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    birth_year = 1960
    search_text = factory.LazyAttribute(lambda o: normalise(f"{o.first_name} {o.last_name}"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.INDIVIDUAL
    date = factory.LazyFunction(lambda: datetime.date(2026, 11, 2))
    duration = 30
    themes = factory.LazyFunction(lambda: ["email"])


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
