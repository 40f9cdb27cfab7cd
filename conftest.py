"""Shared fixtures: personas (healthchecks' idea) and clients.

- `place` (place A) and `other_place` (place B, another organisation, outside every persona's scope
  except the superuser's)
- `admin`, `coordinator` (of the network holding place A's organisation), `mediator`, `fabmanager`,
  `volunteer` — all in place A; `outsider` — mediator of place B only
- `client_for(user)` returns a logged-in client (2FA marked as passed for administrators)
- `<persona>_client`, `htmx_client` (mediator, sends HX-Request), `api_client_for(user)` (Bearer token)
- `database_as_deployed`: threads reach the test database as Relais does in production
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from relais.accounts.models import User
from relais.accounts.services import api_token_create
from relais.core.models import Membership, Organisation, Place, Role

PASSWORD = "correct horse battery staple"


def make_place(organisation: Organisation, slug: str, **extra) -> Place:
    values = {
        "organisation": organisation,
        "slug": slug,
        "name": slug.replace("-", " ").title(),
        "pivot": organisation.pivot,
        "address": "1 rue de la Paix",
        "postcode": "51100",
        "commune": "Reims",
        "insee_code": "51454",
        "opening_hours": "Mo-Fr 09:00-18:00",
    }
    values.update(extra)
    return Place.objects.create(**values)


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email, PASSWORD, first_name=email.split("@")[0].title(), **extra)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached values never leak from one test to the next (Redis or local memory)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def network(db) -> Organisation:
    return Organisation.objects.create(
        name="Réseau test", slug="reseau-test", pivot="W513001234", kind=Organisation.Kind.NETWORK
    )


@pytest.fixture
def organisation(network) -> Organisation:
    return Organisation.objects.create(
        name="Ville test",
        slug="ville-test",
        pivot="21510454800023",
        kind=Organisation.Kind.MUNICIPALITY,
        parent=network,
    )


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(
        name="Autre asso", slug="autre-asso", pivot="W751000001", kind=Organisation.Kind.ASSOCIATION
    )


@pytest.fixture
def place(organisation) -> Place:
    return make_place(organisation, "lieu-a", name="Lieu A")


@pytest.fixture
def other_place(other_organisation) -> Place:
    return make_place(
        other_organisation, "lieu-b", name="Lieu B", postcode="75011", commune="Paris", insee_code="75111"
    )


def _member(email: str, role: str, **scope) -> User:
    user = make_user(email)
    Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def admin(place) -> User:
    return _member("admin@test.fr", Role.ADMIN, place=place)


@pytest.fixture
def coordinator(place, network) -> User:
    return _member("coordinatrice@test.fr", Role.COORDINATOR, organisation=network)


@pytest.fixture
def mediator(place) -> User:
    return _member("mediatrice@test.fr", Role.MEDIATOR, place=place)


@pytest.fixture
def fabmanager(place) -> User:
    return _member("fabmanager@test.fr", Role.FABMANAGER, place=place)


@pytest.fixture
def volunteer(place) -> User:
    return _member("benevole@test.fr", Role.VOLUNTEER, place=place)


@pytest.fixture
def outsider(other_place) -> User:
    return _member("outsider@test.fr", Role.MEDIATOR, place=other_place)


@pytest.fixture
def client_for(db):
    def make(user: User, *, verified: bool = True, **headers) -> Client:
        client = Client(**headers)
        client.force_login(user)
        if verified:
            _mark_two_factor_passed(client, user)
        return client

    return make


def _mark_two_factor_passed(client: Client, user: User) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def admin_client(client_for, admin):
    return client_for(admin)


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def mediator_client(client_for, mediator):
    return client_for(mediator)


@pytest.fixture
def fabmanager_client(client_for, fabmanager):
    return client_for(fabmanager)


@pytest.fixture
def volunteer_client(client_for, volunteer):
    return client_for(volunteer)


@pytest.fixture
def outsider_client(client_for, outsider):
    return client_for(outsider)


@pytest.fixture
def htmx_client(client_for, mediator):
    return client_for(mediator, HTTP_HX_REQUEST="true")


@pytest.fixture
def api_client_for(db):
    def make(user: User) -> Client:
        _token, secret = api_token_create(user=user, name="test", actor=None)
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make


@pytest.fixture
def database_as_deployed(tmp_path):
    """Threads reach the database as Relais does in production; yields the SQLite file (None on PostgreSQL).

    On PostgreSQL nothing changes. On SQLite the test database lives in memory, shared between
    connections with table locks that fail at once instead of waiting; Relais runs on a file database
    (WAL, busy timeout, immediate transactions). So the committed test data is copied into a file and
    every new connection opens that file while the test runs. Use with `django_db(transaction=True)`.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield None
        return
    path = tmp_path / "relais.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        connection.settings_dict["NAME"] = original


def run_in_thread(function):
    """Call `function` in a new thread (its own database connection, closed after) and return its result."""
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]
