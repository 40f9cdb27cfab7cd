"""Rate limits of the public forms: counted per client address and hour, across processes."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from relais.core.models import RateLimitHit
from relais.core.ratelimit import client_address, purge, rate_limit

pytestmark = pytest.mark.django_db


def request_from(address: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **extra)


def test_forwarded_header_is_ignored_without_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_client_is_the_address_before_the_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A client may forge the start of the header; the proxy appends the address it really saw.
    request = request_from("10.0.0.1", "198.51.100.7, 203.0.113.9")

    assert client_address(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer addresses than proxies: only the socket's address is sure
    assert client_address(request) == "10.0.0.1"


def test_limit_counts_per_client_and_action_and_forgets_after_an_hour(settings):
    settings.PUBLIC_FORMS_PER_HOUR = 3
    for _use in range(3):
        rate_limit(request_from("192.0.2.1"), "demo.form")

    with pytest.raises(ValidationError) as refused:
        rate_limit(request_from("192.0.2.1"), "demo.form")
    assert refused.value.code == "rate_limited"
    assert RateLimitHit.objects.count() == 3  # a refused use is not counted
    rate_limit(request_from("192.0.2.2"), "demo.form")
    rate_limit(request_from("192.0.2.1"), "other.form")
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        rate_limit(request_from("192.0.2.1"), "demo.form")


def test_addresses_are_never_stored():
    rate_limit(request_from("192.0.2.44"), "demo.form")

    assert "192.0.2.44" not in RateLimitHit.objects.get().client


def test_purge_forgets_only_the_uses_that_no_longer_count():
    rate_limit(request_from("192.0.2.1"), "demo.form")
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        rate_limit(request_from("192.0.2.1"), "demo.form")

    assert purge(now=timezone.now() + timedelta(minutes=75)) == 1
    assert RateLimitHit.objects.count() == 1


def test_password_reset_is_limited_and_sends_nothing_once_refused(client, mediator, mailoutbox, settings):
    settings.PUBLIC_FORMS_PER_HOUR = 2
    for _use in range(2):
        assert client.post("/comptes/mot-de-passe/oublie/", {"email": mediator.email}).status_code == 302

    response = client.post("/comptes/mot-de-passe/oublie/", {"email": mediator.email})

    assert response.status_code == 429
    assert mediator.email in response.text  # what was typed is kept
    assert "Trop de" in response.text
    assert len(mailoutbox) == 2
