import factory

from relais.presence.models import Audit, Subject


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    kind = Subject.Kind.ORGANISATION
    name = factory.Sequence(lambda n: f"Structure {n}")
    website = "https://www.exemple.fr/"
    postcode = "51100"
    commune = "Reims"

    class Params:
        territory = factory.Trait(kind=Subject.Kind.TERRITORY, website="")


def checks(score: float = 0.5) -> list[dict]:
    return [
        {
            "id": "https",
            "pillar": "trust",
            "score": 1.0,
            "status": "pass",
            "message": "HTTPS ok",
            "fix": "",
            "title": "Connexion sécurisée (HTTPS)",
            "weight": 3,
            "effort": "provider",
            "impact": 0,
        },
        {
            "id": "title",
            "pillar": "sharing",
            "score": score,
            "status": "partial",
            "message": "Titre court",
            "fix": "Allongez le titre",
            "title": "Titre de la page",
            "weight": 2,
            "effort": "self",
            "impact": 3.5,
        },
        {
            "id": "osm",
            "pillar": "found",
            "score": None,
            "status": "not_measured",
            "message": "Inconnu",
            "fix": "",
            "title": "Présence sur OpenStreetMap",
            "weight": 2,
            "effort": "mediator",
            "impact": 0,
        },
    ]


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    subject = factory.SubFactory(SubjectFactory)
    url = "https://www.exemple.fr/"
    status = Audit.Status.DONE
    algorithm_version = "2026.11-1"
    reachable = True
    score = 62.0
    grade = "C"
    coverage = 0.8
    pillars = factory.LazyFunction(lambda: {"found": None, "trust": 100.0, "sharing": 50.0})
    checks = factory.LazyFunction(checks)
