"""The audit engine: a polite async crawler, the checks of the seven pillars and the scoring.

Nothing here touches the database, so `relais audit URL` and the benchmark can run it on their own;
`relais.presence.services` stores what it returns.
"""

from relais.presence.engine.audit import AuditReport, SubjectRecord, audit_site, audit_url
from relais.presence.engine.fetch import CrawlConfig, PoliteFetcher
from relais.presence.engine.scoring import ALGORITHM_VERSION, PILLARS

__all__ = [
    "ALGORITHM_VERSION",
    "PILLARS",
    "AuditReport",
    "CrawlConfig",
    "PoliteFetcher",
    "SubjectRecord",
    "audit_site",
    "audit_url",
]
