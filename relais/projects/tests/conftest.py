import pytest

from relais.projects import services
from relais.projects.tests.factories import PartnerFactory, SkillFactory


@pytest.fixture
def skill(db):
    return SkillFactory(name="Impression 3D")


@pytest.fixture
def project(place, mediator, skill):
    return services.project_create(
        actor=mediator, place=place, title="Bancs du quartier", summary="Des bancs.", needed_skills=[skill]
    )


@pytest.fixture
def other_project(other_place, outsider):
    return services.project_create(actor=outsider, place=other_place, title="Projet secret B", summary="B.")


@pytest.fixture
def partner(place, skill):
    return PartnerFactory(place=place, name="Atelier Bois", skills=[skill])


@pytest.fixture
def other_partner(other_place):
    return PartnerFactory(place=other_place, name="Partenaire caché B", is_listed=True)
