"""Contact and networks: contact details, social links, e-mail domain and its DNS."""

import re
from urllib.parse import urlsplit

from relais.presence.engine.checks.base import (
    Outcome,
    _all_links,
    _needs_home,
    check,
    not_applicable,
    not_measured,
    scored,
)
from relais.presence.engine.observations import SiteData
from relais.presence.engine.page import Link

PHONE_PATTERN = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEBMAILS = {
    "gmail.com",
    "googlemail.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "live.fr",
    "yahoo.fr",
    "yahoo.com",
    "sfr.fr",
    "neuf.fr",
    "aol.com",
    "icloud.com",
    "gmx.fr",
    "protonmail.com",
    "proton.me",
}
SOCIAL_HOSTS = {
    "facebook.com": "Facebook",
    "fb.com": "Facebook",
    "instagram.com": "Instagram",
    "linkedin.com": "LinkedIn",
    "x.com": "X",
    "twitter.com": "X",
    "youtube.com": "YouTube",
    "tiktok.com": "TikTok",
    "pinterest.com": "Pinterest",
    "pinterest.fr": "Pinterest",
    "bsky.app": "Bluesky",
    "threads.net": "Threads",
    "mastodon.social": "Mastodon",
    "framapiaf.org": "Mastodon",
    "peertube.fr": "PeerTube",
    "wa.me": "WhatsApp",
    "t.me": "Telegram",
}
SHARE_MARKERS = ("sharer", "share", "intent/", "/plugins/", "shareArticle".lower())


def social_profiles(links: list[Link]) -> dict[str, str]:
    """Network name → first profile link (share buttons excluded)."""
    found: dict[str, str] = {}
    for link in links:
        parts = urlsplit(link.url)
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
        name = SOCIAL_HOSTS.get(host) or ("Mastodon" if "me" in link.rel.split() else None)
        if not name or any(marker in link.url.lower() for marker in SHARE_MARKERS):
            continue
        if parts.path.strip("/"):
            found.setdefault(name, link.url)
    return found


def site_emails(site: SiteData) -> list[str]:
    emails = [
        link.href[7:].split("?")[0] for link in _all_links(site) if link.href.lower().startswith("mailto:")
    ]
    for page in site.html_pages:
        emails.extend(EMAIL_PATTERN.findall(page.text))
    return [e.strip().lower() for e in emails if "@" in e]


@check("contact_details", "contact", 3, "self")
@_needs_home
def check_contact_details(site: SiteData) -> Outcome:
    links = _all_links(site)
    phone = any(link.href.lower().startswith("tel:") for link in links) or any(
        PHONE_PATTERN.search(page.text) for page in site.html_pages
    )
    email = bool(site_emails(site)) or any(
        page.controls_total and re.search(r"contact", page.url) for page in site.html_pages
    )
    if phone and email:
        return scored(1, "ok")
    if phone or email:
        return scored(0.5, "phone_only" if phone else "email_only")
    return scored(0, "missing")


@check("social_links", "contact", 2, "self")
@_needs_home
def check_social_links(site: SiteData) -> Outcome:
    profiles = social_profiles(_all_links(site))
    if profiles:
        return scored(1, "ok", networks=", ".join(sorted(profiles)))
    if site.record is not None and site.record.social_links:
        return scored(0.5, "not_linked")
    return scored(0, "missing")


def email_domain(site: SiteData) -> str:
    if site.record is not None and site.record.email and "@" in site.record.email:
        return site.record.email.rsplit("@", 1)[1].lower()
    host = (urlsplit(site.start_url).hostname or "").lower()
    emails = site_emails(site)
    own = [e for e in emails if host.endswith(e.rsplit("@", 1)[1])]
    chosen = (own or emails or [""])[0]
    return chosen.rsplit("@", 1)[1] if "@" in chosen else ""


@check("professional_email", "contact", 1, "self")
def check_professional_email(site: SiteData) -> Outcome:
    domain = email_domain(site)
    if not domain:
        return not_applicable("none") if site.reachable or site.record else not_measured("unreachable")
    if domain in WEBMAILS:
        return scored(0.3, "webmail", domain=domain)
    return scored(1, "ok", domain=domain)


def _dns_outcome(site: SiteData) -> Outcome | None:
    domain = email_domain(site)
    if not domain:
        return not_applicable("no_domain")
    if domain in WEBMAILS:
        return not_applicable("webmail", domain=domain)
    if site.dns is None or site.dns.domain != domain:
        return not_measured("not_checked", domain=domain)
    if site.dns.error:
        return not_measured("failed", domain=domain)
    return None


@check("email_mx", "contact", 1, "provider")
def check_email_mx(site: SiteData) -> Outcome:
    outcome = _dns_outcome(site)
    if outcome is not None:
        return outcome
    servers = [host for _preference, host in site.dns.mx if host not in ("", ".")]
    if servers:
        return scored(1, "ok", domain=site.dns.domain, servers=", ".join(servers[:3]))
    return scored(0, "missing", domain=site.dns.domain)


@check("email_spf", "contact", 1, "provider")
def check_email_spf(site: SiteData) -> Outcome:
    outcome = _dns_outcome(site)
    if outcome is not None:
        return outcome
    records = site.dns.spf
    if not records:
        return scored(0, "missing", domain=site.dns.domain)
    if len(records) > 1:
        return scored(0, "several", domain=site.dns.domain)
    record = records[0].lower()
    if record.rstrip().endswith("-all"):
        return scored(1, "strict", domain=site.dns.domain)
    if record.rstrip().endswith("~all"):
        return scored(0.9, "soft", domain=site.dns.domain)
    return scored(0.3, "weak", domain=site.dns.domain)


@check("email_dmarc", "contact", 1, "provider")
def check_email_dmarc(site: SiteData) -> Outcome:
    outcome = _dns_outcome(site)
    if outcome is not None:
        return outcome
    records = site.dns.dmarc
    if not records:
        return scored(0, "missing", domain=site.dns.domain)
    if len(records) > 1:
        return scored(0, "several", domain=site.dns.domain)
    tags = dict(part.strip().split("=", 1) for part in records[0].lower().split(";") if "=" in part)
    policy = tags.get("p", "none").strip()
    score = {"reject": 1, "quarantine": 0.75}.get(policy, 0.25)
    return scored(score, "policy", domain=site.dns.domain, policy=policy)
