from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from relais.fablab.tests.factories import AuthorisationFactory, MachineFactory

# Wednesday 2 December 2026, 10:00 in Paris; place A opens Mo-Fr 09:00-18:00.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(60))


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """An aware datetime, December 2026 unless told otherwise, Paris winter time."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def machine(place):
    return MachineFactory(place=place, name="Prusa MK4", slug="prusa-mk4")


@pytest.fixture
def other_machine(other_place):
    return MachineFactory(place=other_place, name="Ultimaker", slug="ultimaker")


@pytest.fixture
def member(db):
    return make_user("membre@test.fr")


@pytest.fixture
def authorised_member(member, machine):
    AuthorisationFactory(user=member, machine=machine)
    return member


@pytest.fixture
def member_client(client_for, authorised_member):
    return client_for(authorised_member)
