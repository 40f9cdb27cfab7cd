from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relais.accounts.models import ApiToken, User
from relais.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_BASE32
from relais.core.models import Journal, Membership, Organisation, Place


def _counts() -> dict[str, int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {
        "organisations": Organisation.objects.count(),
        "places": Place.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "totp_devices": TOTPDevice.objects.count(),
        "place_journal": Journal.objects.filter(action__startswith="place.").count(),
        "journal": Journal.objects.count(),
    }


def _load(*args) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_data_creates_the_demo_network():
    output = _load()

    assert Organisation.objects.networks().count() == 1
    assert Organisation.objects.exclude(kind=Organisation.Kind.NETWORK).count() == 3
    assert set(Place.objects.values_list("slug", flat=True)) >= {
        "epn-croix-rouge",
        "mediatheque-jean-falala",
        "fablab-la-fabrique",
        "tiers-lieu-la-passerelle",
        "france-services-tinqueux",
    }
    for email, _first, _last in DEMO_ACCOUNTS.values():
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
        assert email in output
    assert DEMO_TOTP_BASE32 in output


@pytest.mark.django_db
def test_load_demo_data_is_idempotent():
    _load()
    first = _counts()

    _load()

    assert _counts() == first


@pytest.mark.django_db
def test_load_demo_data_if_empty_does_nothing_when_data_exists(organisation):
    output = _load("--if-empty")

    assert Place.objects.count() == 0
    assert "not loaded" in output


@pytest.mark.django_db
def test_demo_places_are_valid_against_the_national_schema():
    _load()

    for place in Place.objects.all():
        place.full_clean()


def test_create_api_token_prints_a_working_token_once(mediator, client):
    out = StringIO()

    call_command("create_api_token", mediator.email.upper(), stdout=out)

    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=mediator)
    assert secret.startswith(ApiToken.PREFIX)
    assert token.key_hash == ApiToken.hash_secret(secret)
    assert secret not in token.key_hash
    assert client.get("/api/v1/places", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


@pytest.mark.django_db
def test_create_api_token_for_an_unknown_email_fails():
    with pytest.raises(CommandError, match="personne@nulle.part"):
        call_command("create_api_token", "personne@nulle.part", stdout=StringIO())

    assert ApiToken.objects.count() == 0
