import pytest

from relais.programme.sms import MemoryBackend
from relais.programme.tests.factories import EventFactory, SessionFactory, WorkshopFactory


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.PROGRAMME_SMS_BACKEND = "relais.programme.sms.MemoryBackend"
    MemoryBackend.outbox = []
    return MemoryBackend.outbox


@pytest.fixture
def workshop(place):
    return WorkshopFactory(place=place)


@pytest.fixture
def event(place):
    return EventFactory(place=place)


@pytest.fixture
def session(event):
    return SessionFactory(event=event)


@pytest.fixture
def other_session(other_place):
    return SessionFactory(event=EventFactory(place=other_place, title="Atelier ailleurs"))
