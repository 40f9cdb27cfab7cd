"""Consistency and freshness: dates found, and the record compared with the site."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from relais.presence.engine.checks.base import (
    Outcome,
    _all_links,
    _needs_home,
    check,
    fold,
    not_applicable,
    not_measured,
    scored,
)
from relais.presence.engine.checks.contact import PHONE_PATTERN
from relais.presence.engine.observations import SiteData

DATE_PATTERN = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d{2})\b")
YEAR_PATTERN = re.compile(r"(?:©|&copy;|copyright)\s*(?:\d{4}\s*[-–]\s*)?(20\d{2})", re.IGNORECASE)


def newest_date(site: SiteData) -> datetime | None:
    now = site.now or datetime.now(tz=UTC)
    candidates: list[datetime] = []
    home = site.home
    if home is not None and home.headers.get("last-modified"):
        try:
            candidates.append(parsedate_to_datetime(home.headers["last-modified"]))
        except (TypeError, ValueError):
            pass
    if site.sitemap is not None and site.sitemap.newest is not None:
        candidates.append(site.sitemap.newest)
    for page in site.html_pages:
        for day, month, year in DATE_PATTERN.findall(page.text):
            try:
                candidates.append(datetime(int(year), int(month), int(day), tzinfo=UTC))
            except ValueError:
                continue
        for year in YEAR_PATTERN.findall(page.text):
            candidates.append(datetime(int(year), 1, 1, tzinfo=UTC))
    candidates = [c if c.tzinfo else c.replace(tzinfo=UTC) for c in candidates]
    candidates = [c for c in candidates if c <= now]
    return max(candidates) if candidates else None


@check("freshness", "consistency", 2, "self")
@_needs_home
def check_freshness(site: SiteData) -> Outcome:
    newest = newest_date(site)
    if newest is None:
        return not_measured("no_date")
    days = ((site.now or datetime.now(tz=UTC)) - newest).days
    label = newest.strftime("%d/%m/%Y")
    if days <= 365:
        return scored(1, "recent", date=label)
    if days <= 730:
        return scored(0.5, "old", date=label)
    return scored(0, "stale", date=label)


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    return "0" + digits[2:] if digits.startswith("33") and len(digits) == 11 else digits


@check("nap_consistency", "consistency", 3, "self")
@_needs_home
def check_nap_consistency(site: SiteData) -> Outcome:
    record = site.record
    if record is None:
        return not_applicable("no_record")
    text = fold(" ".join(page.text for page in site.html_pages))
    text_digits = _digits(" ".join(PHONE_PATTERN.findall(" ".join(p.text for p in site.html_pages))))
    text_digits += "".join(
        _digits(link.href) for link in _all_links(site) if link.href.lower().startswith("tel:")
    )
    checks: dict[str, bool] = {}
    if record.name:
        checks["name"] = fold(record.name) in text
    if record.phone:
        checks["phone"] = _digits(record.phone) in text_digits
    if record.postcode or record.address:
        checks["address"] = (
            bool(record.postcode)
            and record.postcode in text
            and (not record.address or fold(record.address) in text)
        )
    if not checks:
        return not_applicable("no_record")
    agreeing = sum(checks.values())
    if agreeing == len(checks):
        return scored(1, "ok")
    missing = [key for key, ok in checks.items() if not ok]
    return scored(agreeing / len(checks), "differs", missing=missing)
