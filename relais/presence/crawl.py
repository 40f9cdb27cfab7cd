"""The crawler's settings for this installation: identifying user agent, politeness, DNS resolver.

Defaults follow the research note (§5.2); an installation may override them with `PRESENCE_*`
Django settings (tests shorten the delays).
"""

from django.conf import settings
from django.urls import reverse

from relais.presence.engine import ALGORITHM_VERSION, CrawlConfig
from relais.presence.engine.dns import DnspythonResolver, Resolver

ROBOT_NAME = "RelaisPresenceAudit"


def user_agent() -> str:
    """Names the robot, its version and the page that explains it and gives a contact."""
    return f"{ROBOT_NAME}/{ALGORITHM_VERSION} (+{settings.SITE_URL}{reverse('presence:robot')})"


def crawl_config(**overrides) -> CrawlConfig:
    values = {
        "user_agent": user_agent(),
        "robot_name": ROBOT_NAME,
        "host_delay": getattr(settings, "PRESENCE_HOST_DELAY", 1.0),
        "concurrency": getattr(settings, "PRESENCE_CONCURRENCY", 20),
        "connect_timeout": getattr(settings, "PRESENCE_CONNECT_TIMEOUT", 5.0),
        "read_timeout": getattr(settings, "PRESENCE_READ_TIMEOUT", 15.0),
        "max_bytes": getattr(settings, "PRESENCE_MAX_BYTES", 3_000_000),
        "max_pages": getattr(settings, "PRESENCE_MAX_PAGES", 5),
        "audit_deadline": getattr(settings, "PRESENCE_AUDIT_DEADLINE", 240.0),
        "verify": getattr(settings, "PRESENCE_TLS_VERIFY", True),
        "allow_private_addresses": getattr(settings, "PRESENCE_ALLOW_PRIVATE_ADDRESSES", False),
    }
    values.update(overrides)
    return CrawlConfig(**values)


def default_resolver() -> Resolver | None:
    """The DNS resolver for e-mail checks; None switches those checks to "not measured"."""
    if not getattr(settings, "PRESENCE_DNS_LOOKUPS", True):
        return None
    return DnspythonResolver()
