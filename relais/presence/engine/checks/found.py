"""Being found: search engines, structured data, maps."""

from relais.presence.engine.checks.base import (
    Outcome,
    _needs_home,
    check,
    not_measured,
    scored,
)
from relais.presence.engine.observations import SiteData


@check("http_status", "found", 2, "provider")
def check_http_status(site: SiteData) -> Outcome:
    home = site.home
    if not site.reachable or home is None:
        return not_measured("unreachable")
    if 200 <= home.status < 300:
        return scored(1, "ok", code=home.status)
    return scored(0, "error", code=home.status)


@check("indexable", "found", 4, "provider")
def check_indexable(site: SiteData) -> Outcome:
    home = site.home
    robots = site.robots
    if robots is not None and robots.status == "ok" and not robots.allows_search_engines(site.start_url):
        return scored(0, "robots_blocked")
    if site.home_page is None or home is None:
        return not_measured("no_page")
    if "noindex" in site.home_page.robots_meta:
        return scored(0, "noindex")
    if "noindex" in home.headers.get("x-robots-tag", "").lower():
        return scored(0, "header_noindex")
    return scored(1, "ok")


@check("robots_txt", "found", 1, "provider")
def check_robots_txt(site: SiteData) -> Outcome:
    if site.robots is None or not site.reachable:
        return not_measured("unreachable")
    if site.robots.status == "ok":
        return scored(1, "ok")
    if site.robots.status == "missing":
        return scored(0.5, "missing")
    return scored(0, "error")


@check("sitemap", "found", 1, "provider")
def check_sitemap(site: SiteData) -> Outcome:
    if not site.reachable or site.sitemap is None:
        return not_measured("unreachable")
    if site.sitemap.urls:
        return scored(1, "ok", count=len(site.sitemap.urls))
    return scored(0, "missing")


ORGANISATION_TYPES = {
    "organization",
    "localbusiness",
    "ngo",
    "governmentorganization",
    "governmentoffice",
    "library",
    "educationalorganization",
    "corporation",
    "civicstructure",
    "townhall",
    "cityhall",
    "store",
    "professionalservice",
}


def _types(item: dict) -> set[str]:
    value = item.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


@check("structured_data", "found", 3, "provider")
@_needs_home
def check_structured_data(site: SiteData) -> Outcome:
    items = [item for page in site.html_pages for item in page.json_ld if isinstance(item, dict)]
    organisations = [item for item in items if _types(item) & ORGANISATION_TYPES]
    has_event = any("event" in _types(item) for item in items)
    if not organisations:
        return scored(0.25 if has_event else 0, "event_only" if has_event else "missing")
    best = max(
        organisations,
        key=lambda item: (
            bool(item.get("address"))
            + bool(item.get("openingHoursSpecification") or item.get("openingHours"))
        ),
    )
    score = 0.5 + 0.25 * bool(best.get("address"))
    score += 0.25 * bool(
        best.get("openingHoursSpecification") or best.get("openingHours") or best.get("telephone")
    )
    if score >= 1:
        return scored(1, "ok")
    return scored(score, "incomplete", missing_address=not best.get("address"))


@check("osm", "found", 2, "mediator")
def check_osm(site: SiteData) -> Outcome:
    if site.record is None:
        return not_measured("no_record")
    if site.record.osm_id:
        return scored(1, "declared", osm_id=site.record.osm_id)
    return not_measured("unknown")
