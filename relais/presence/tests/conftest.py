import ssl

import pytest

from relais.presence.engine import CrawlConfig
from relais.presence.tests.sites import CERTIFICATE, Site


class FakeResolver:
    """DNS answers from a dict; no lookup ever leaves the machine."""

    def __init__(self, mx=None, txt=None):
        self.mx_records = mx or {}
        self.txt_records = txt or {}
        self.asked: list[str] = []

    async def mx(self, name):
        self.asked.append(f"MX {name}")
        return self.mx_records.get(name, [])

    async def txt(self, name):
        self.asked.append(f"TXT {name}")
        return self.txt_records.get(name, [])


@pytest.fixture(autouse=True)
def offline_presence(settings):
    """Short politeness delays and no real DNS in every presence test."""
    settings.PRESENCE_HOST_DELAY = 0.02
    settings.PRESENCE_READ_TIMEOUT = 1.0
    settings.PRESENCE_CONNECT_TIMEOUT = 1.0
    settings.PRESENCE_DNS_LOOKUPS = False
    settings.PRESENCE_AUDIT_DEADLINE = 20.0
    settings.PRESENCE_ALLOW_PRIVATE_ADDRESSES = True  # the test sites listen on 127.0.0.1


@pytest.fixture
def make_site():
    sites: list[Site] = []

    def make(routes, **options) -> Site:
        site = Site(routes, **options)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()


@pytest.fixture
def trusted_tls() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(CERTIFICATE))
    return context


@pytest.fixture
def config() -> CrawlConfig:
    return CrawlConfig(
        user_agent="RelaisPresenceAudit/test (+http://testserver/presence/robot/)",
        host_delay=0.02,
        connect_timeout=1.0,
        read_timeout=0.5,
        request_deadline=3.0,
        max_bytes=200_000,
        audit_deadline=20.0,
        allow_private_addresses=True,
    )


@pytest.fixture
def fake_resolver():
    return FakeResolver
