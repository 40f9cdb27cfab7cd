"""The checks of the seven pillars. Each reads the observations and returns a `CheckResult`.

A check never raises for an odd site: what it cannot see is "not measured", what does not concern the
organisation is "not applicable". Texts (what was found, how to fix it) live in `texts.fr.toml`.
Importing the pillar modules registers their checks; reports list them pillar by pillar.
"""

from relais.presence.engine.checks import (  # noqa: F401  (importing registers the checks)
    accessibility,
    consistency,
    contact,
    found,
    sharing,
    sobriety,
    trust,
)
from relais.presence.engine.checks.base import REGISTRY, fold, run_checks
from relais.presence.engine.checks.contact import WEBMAILS, email_domain
from relais.presence.engine.checks.trust import LEGAL_PATTERNS, PRIVACY_PATTERNS

__all__ = ["LEGAL_PATTERNS", "PRIVACY_PATTERNS", "REGISTRY", "WEBMAILS", "email_domain", "fold", "run_checks"]
