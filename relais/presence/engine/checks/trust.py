"""Access and trust: reachability, HTTPS, certificate, redirects, headers, legal pages, trackers."""

import re
from datetime import UTC, datetime

from relais.presence.engine.checks.base import (
    Outcome,
    _find_link,
    _needs_home,
    _page_for,
    check,
    fold,
    not_applicable,
    not_measured,
    scored,
)
from relais.presence.engine.headers import observatory_score
from relais.presence.engine.observations import SiteData

UNREACHABLE_KEYS = {
    "blocked",
    "dns",
    "tls",
    "timeout",
    "connect",
    "invalid_url",
    "loop",
    "too_many_redirects",
    "protocol",
}


@check("reachable", "trust", 3, "provider")
def check_reachable(site: SiteData) -> Outcome:
    if site.reachable:
        return scored(1, "ok")
    if site.robots_blocked_home:
        return not_measured("robots")
    home = site.home
    error = home.error if home is not None else "invalid_url"
    return scored(
        0, error if error in UNREACHABLE_KEYS else "protocol", detail=home.error_detail if home else ""
    )


@check("https", "trust", 3, "provider")
def check_https(site: SiteData) -> Outcome:
    if not site.reachable:
        return not_measured("unreachable")
    return scored(1, "ok") if site.is_https else scored(0, "missing")


def _tls_failed(site: SiteData) -> bool:
    return any(hop.error == "tls" for hop in site.failed_chain + site.chain + site.http_chain)


@check("https_redirect", "trust", 2, "provider")
def check_https_redirect(site: SiteData) -> Outcome:
    if not site.reachable:
        return not_measured("unreachable")
    if not site.http_chain:
        return not_measured("not_tested")
    first, last = site.http_chain[0], site.http_chain[-1]
    if first.error in ("connect", "timeout") and site.is_https:
        return scored(1, "no_http")
    if last.url.startswith("https://") and not last.error:
        return scored(1, "ok")
    return scored(0, "no_redirect")


@check("certificate", "trust", 3, "provider")
def check_certificate(site: SiteData) -> Outcome:
    if _tls_failed(site):
        hop = next(h for h in site.failed_chain + site.chain + site.http_chain if h.error == "tls")
        return scored(0, "invalid", detail=hop.error_detail)
    if not site.is_https:
        return not_applicable("no_https") if site.reachable else not_measured("unreachable")
    expires = next((h.certificate_expires_at for h in reversed(site.chain) if h.certificate_expires_at), None)
    if expires is None:
        return not_measured("unknown")
    days = (expires - (site.now or datetime.now(tz=UTC))).days
    if days < 0:
        return scored(0, "expired", days=-days)
    if days < 14:
        return scored(0.5, "expires_soon", days=days)
    return scored(1, "ok", days=days)


@check("redirects", "trust", 1, "provider")
def check_redirects(site: SiteData) -> Outcome:
    if not site.chain:
        return not_measured("unreachable")
    last = site.chain[-1]
    if last.error in ("loop", "too_many_redirects"):
        return scored(0, "loop")
    if not site.reachable:
        return not_measured("unreachable")
    hops = len(site.chain) - 1
    if hops <= 1:
        return scored(1, "ok", hops=hops)
    return scored(0.7 if hops == 2 else 0.4, "many", hops=hops)


@check("security_headers", "trust", 2, "provider")
def check_security_headers(site: SiteData) -> Outcome:
    if not site.reachable or site.home is None:
        return not_measured("unreachable")
    score, grade, missing = observatory_score(site)
    return scored(min(score, 100) / 100, "graded", points=score, grade=grade, missing=", ".join(missing))


LEGAL_PATTERNS = [r"mentions? legales?", r"legal notice", r"informations legales", r"\bimpressum\b"]
LEGAL_GROUPS = [
    r"directeur|directrice|responsable de (la )?publication",
    r"publication",
    r"hebergeur|heberge|hebergement",
    r"editeur|edite par|editrice",
]
PRIVACY_PATTERNS = [
    r"confidentialite",
    r"donnees personnelles",
    r"privacy",
    r"\brgpd\b",
    r"vie privee",
    r"protection des donnees",
]
PRIVACY_GROUPS = [
    r"@|formulaire",
    r"finalite",
    r"duree de (la )?conservation|conserv",
    r"sous-traitant|destinataire",
]


def _document_check(site: SiteData, patterns: list[str], groups: list[str]) -> Outcome:
    link = _find_link(site, patterns)
    if link is None:
        return scored(0, "missing")
    page = _page_for(site, link.url)
    if page is None:
        return scored(0.6, "not_read", url=link.url)
    text = fold(page.text)
    found = sum(1 for group in groups if re.search(group, text))
    if found == len(groups):
        return scored(1, "ok", url=link.url)
    return scored(0.5 + 0.5 * found / len(groups), "incomplete", url=link.url, found=found, total=len(groups))


@check("legal_notice", "trust", 2, "self")
@_needs_home
def check_legal_notice(site: SiteData) -> Outcome:
    return _document_check(site, LEGAL_PATTERNS, LEGAL_GROUPS)


@check("privacy_policy", "trust", 2, "self")
@_needs_home
def check_privacy_policy(site: SiteData) -> Outcome:
    return _document_check(site, PRIVACY_PATTERNS, PRIVACY_GROUPS)


TRACKERS = {
    "google-analytics.com": "Google Analytics",
    "googletagmanager.com": "Google Tag Manager",
    "doubleclick.net": "DoubleClick",
    "connect.facebook.net": "Facebook Pixel",
    "hotjar.com": "Hotjar",
    "clarity.ms": "Microsoft Clarity",
    "snap.licdn.com": "LinkedIn Insight",
    "analytics.tiktok.com": "TikTok Pixel",
    "mc.yandex.ru": "Yandex Metrica",
    "static.criteo.net": "Criteo",
    "cdn.taboola.com": "Taboola",
    "adservice.google.com": "Google Ads",
}
CONSENT_MANAGERS = [
    "tarteaucitron",
    "axeptio",
    "didomi",
    "cookiebot",
    "onetrust",
    "klaro",
    "cookieyes",
    "complianz",
    "orejime",
    "iubenda",
    "usercentrics",
    "quantcast",
    "cookie-consent",
    "cookieconsent",
]


def trackers_found(site: SiteData) -> tuple[list[str], bool]:
    sources = " ".join(src for page in site.html_pages for src, _integrity in page.scripts).lower()
    inline = " ".join(page.inline_scripts for page in site.html_pages).lower()
    haystack = sources + " " + inline
    names = sorted({name for host, name in TRACKERS.items() if host in haystack})
    consent = any(manager in haystack for manager in CONSENT_MANAGERS)
    return names, consent


@check("trackers_consent", "trust", 2, "provider")
@_needs_home
def check_trackers_consent(site: SiteData) -> Outcome:
    names, consent = trackers_found(site)
    if not names:
        return scored(1, "none")
    if consent:
        return scored(0.9, "with_consent", trackers=", ".join(names))
    return scored(0, "without_consent", trackers=", ".join(names))
