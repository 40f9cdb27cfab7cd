"""The checks of the seven pillars. Each reads the observations and returns a `CheckResult`.

A check never raises for an odd site: what it cannot see is "not measured", what does not concern the
organisation is "not applicable". Texts (what was found, how to fix it) live in `texts.fr.toml`.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from relais.presence.engine.co2 import grams_per_view, rating_for
from relais.presence.engine.headers import observatory_score
from relais.presence.engine.observations import SiteData
from relais.presence.engine.page import Link, Page
from relais.presence.engine.scoring import (
    NOT_APPLICABLE,
    NOT_MEASURED,
    CheckResult,
    log_normal_score,
    status_for,
)


@dataclass(frozen=True)
class CheckSpec:
    id: str
    pillar: str
    weight: float
    effort: str
    function: Callable


REGISTRY: list[CheckSpec] = []


def check(id: str, pillar: str, weight: float, effort: str):
    def register(function):
        REGISTRY.append(CheckSpec(id, pillar, weight, effort, function))
        return function

    return register


class Outcome:
    """What a check function returns; `run_checks` turns it into a `CheckResult`."""

    def __init__(
        self, score: float | None, key: str, status: str = "", weight: float | None = None, **params
    ):
        self.score = None if score is None else max(0.0, min(1.0, round(score, 3)))
        self.key, self.status, self.weight, self.params = key, status, weight, params


def scored(score: float, key: str, **params) -> Outcome:
    return Outcome(score, key, **params)


def not_measured(key: str, **params) -> Outcome:
    return Outcome(None, key, status=NOT_MEASURED, **params)


def not_applicable(key: str, **params) -> Outcome:
    return Outcome(None, key, status=NOT_APPLICABLE, **params)


def run_checks(site: SiteData) -> list[CheckResult]:
    results = []
    for spec in REGISTRY:
        outcome = spec.function(site)
        status = outcome.status or status_for(outcome.score)
        results.append(
            CheckResult(
                id=spec.id,
                pillar=spec.pillar,
                weight=outcome.weight if outcome.weight is not None else spec.weight,
                effort=spec.effort,
                score=outcome.score,
                status=status,
                key=outcome.key,
                params=outcome.params,
            )
        )
    return results


def fold(text: str) -> str:
    """Lower case without accents, apostrophes made straight, spaces squeezed."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", text.replace("’", "'").lower()).strip()


def _all_links(site: SiteData) -> list[Link]:
    return [link for page in site.html_pages for link in page.links]


def _page_for(site: SiteData, url: str) -> Page | None:
    for fetched, page in site.pages:
        if page is not None and (fetched.url == url or page.url == url):
            return page
    return None


def _find_link(site: SiteData, patterns: list[str]) -> Link | None:
    for link in _all_links(site):
        haystack = fold(link.text) + " " + fold(urlsplit(link.url).path.replace("-", " ").replace("_", " "))
        if any(re.search(pattern, haystack) for pattern in patterns):
            return link
    return None


def _needs_home(function):
    def wrapper(site: SiteData) -> Outcome:
        if site.home_page is None:
            return not_measured("no_page")
        return function(site)

    wrapper.__name__ = function.__name__
    return wrapper


# ----- found: being found by search engines and on maps -----


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


# ----- trust: access and confidence -----

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


# ----- sharing: visibility and sharing -----


@check("title", "sharing", 2, "self")
@_needs_home
def check_title(site: SiteData) -> Outcome:
    title = site.home_page.title
    if not title:
        return scored(0, "missing")
    if len(title) < 10 or len(title) > 70:
        return scored(0.7, "length", length=len(title), title=title[:120])
    return scored(1, "ok", title=title)


@check("meta_description", "sharing", 2, "self")
@_needs_home
def check_meta_description(site: SiteData) -> Outcome:
    description = site.home_page.description
    if not description:
        return scored(0, "missing")
    if len(description) < 50 or len(description) > 160:
        return scored(0.7, "length", length=len(description))
    return scored(1, "ok", length=len(description))


@check("canonical", "sharing", 1, "provider")
@_needs_home
def check_canonical(site: SiteData) -> Outcome:
    canonicals = set(site.home_page.canonicals)
    if not canonicals:
        return scored(0.5, "missing")
    if len(canonicals) > 1:
        return scored(0, "several")
    url = canonicals.pop()
    if not url.startswith(("http://", "https://")):
        return scored(0, "invalid")
    return scored(1, "ok", url=url)


LANG_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@check("language", "sharing", 1, "provider")
@_needs_home
def check_language(site: SiteData) -> Outcome:
    lang = site.home_page.lang
    if not lang:
        return scored(0, "missing")
    if not LANG_PATTERN.match(lang):
        return scored(0.3, "invalid", lang=lang)
    return scored(1, "ok", lang=lang)


@check("headings", "sharing", 1, "self")
@_needs_home
def check_headings(site: SiteData) -> Outcome:
    headings = site.home_page.headings
    main_titles = [text for level, text in headings if level == 1]
    if not main_titles:
        return scored(0, "no_h1")
    if len(main_titles) > 1:
        return scored(0.7, "several_h1", count=len(main_titles))
    if any(not text for _level, text in headings):
        return scored(0.7, "empty")
    return scored(1, "ok", h1=main_titles[0][:120])


GENERIC_LINK_TEXTS = {
    "cliquez ici",
    "cliquer ici",
    "ici",
    "en savoir plus",
    "lire la suite",
    "la suite",
    "suite",
    "plus",
    "voir plus",
    "voir",
    "lien",
    "plus d'infos",
    "plus d'informations",
    "plus d'info",
    "en lire plus",
    "lire plus",
    "decouvrir",
    "cliquez",
    "click here",
    "here",
    "read more",
    "more",
    "learn more",
    "link",
}


@check("link_text", "sharing", 1, "self")
@_needs_home
def check_link_text(site: SiteData) -> Outcome:
    generic = [
        link.text for link in site.home_page.links if fold(link.text).strip(" .…>»") in GENERIC_LINK_TEXTS
    ]
    if not generic:
        return scored(1, "ok")
    score = 0.5 if len(generic) <= 2 else 0
    return scored(score, "generic", count=len(generic), examples=", ".join(f"« {t} »" for t in generic[:3]))


OPEN_GRAPH_REQUIRED = ["og:title", "og:type", "og:image", "og:url"]


@check("open_graph", "sharing", 2, "provider")
@_needs_home
def check_open_graph(site: SiteData) -> Outcome:
    meta = site.home_page.meta
    present = [name for name in OPEN_GRAPH_REQUIRED if meta.get(name)]
    card = bool(meta.get("twitter:card"))
    score = 0.2 * len(present) + 0.2 * card
    if score >= 1:
        return scored(1, "ok")
    missing = [name for name in OPEN_GRAPH_REQUIRED if name not in present] + (
        [] if card else ["twitter:card"]
    )
    return scored(score, "missing" if not present else "partial", missing=", ".join(missing))


@check("viewport", "sharing", 1, "provider")
@_needs_home
def check_viewport(site: SiteData) -> Outcome:
    if "width=device-width" in site.home_page.viewport.replace(" ", ""):
        return scored(1, "ok")
    return scored(0, "missing")


def _broken(fetched) -> bool:
    return fetched.error in ("dns", "connect") or (fetched.status is not None and fetched.status >= 400)


@check("broken_links", "sharing", 1, "self")
@_needs_home
def check_broken_links(site: SiteData) -> Outcome:
    checked = [fetched for fetched, _page in site.pages] + site.link_checks
    checked = [f for f in checked if f.error not in ("timeout", "robots") and f.status not in (429, 503)]
    if not checked:
        return not_measured("none_checked")
    broken = [f.url for f in checked if _broken(f)]
    if not broken:
        return scored(1, "ok", count=len(checked))
    return scored(
        1 - len(broken) / len(checked),
        "broken",
        count=len(broken),
        checked=len(checked),
        examples=", ".join(broken[:3]),
    )


# ----- accessibility (static hints, not an RGAA audit) -----


def _ratio_check(total: int, bad: int, **params) -> Outcome:
    if total == 0:
        return not_applicable("none")
    if bad == 0:
        return scored(1, "ok", total=total, **params)
    return scored(1 - bad / total, "some", total=total, bad=bad, **params)


@check("image_alt", "accessibility", 10, "self")
@_needs_home
def check_image_alt(site: SiteData) -> Outcome:
    pages = site.html_pages
    return _ratio_check(sum(p.images_total for p in pages), sum(p.images_without_alt for p in pages))


@check("form_labels", "accessibility", 10, "provider")
@_needs_home
def check_form_labels(site: SiteData) -> Outcome:
    pages = site.html_pages
    return _ratio_check(sum(p.controls_total for p in pages), sum(p.controls_unlabelled for p in pages))


@check("control_names", "accessibility", 7, "provider")
@_needs_home
def check_control_names(site: SiteData) -> Outcome:
    page = site.home_page
    links = [link for link in page.links if link.href]
    return _ratio_check(len(links), sum(1 for link in links if not link.has_name) + page.buttons_unnamed)


@check("heading_order", "accessibility", 3, "self")
@_needs_home
def check_heading_order(site: SiteData) -> Outcome:
    levels = [level for level, _text in site.home_page.headings]
    if not levels:
        return scored(0, "none")
    skips = sum(1 for previous, level in zip(levels, levels[1:], strict=False) if level > previous + 1)
    if levels[0] != 1:
        skips += 1
    return scored(1, "ok") if not skips else scored(0.5 if skips == 1 else 0, "skips", count=skips)


@check("zoom", "accessibility", 10, "provider")
@_needs_home
def check_zoom(site: SiteData) -> Outcome:
    viewport = site.home_page.viewport.replace(" ", "")
    if "user-scalable=no" in viewport or "user-scalable=0" in viewport:
        return scored(0, "blocked")
    match = re.search(r"maximum-scale=([\d.]+)", viewport)
    if match and _float(match.group(1)) < 2:
        return scored(0, "blocked")
    return scored(1, "ok")


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 10.0


@check("frame_title", "accessibility", 7, "provider")
@_needs_home
def check_frame_title(site: SiteData) -> Outcome:
    pages = site.html_pages
    return _ratio_check(sum(p.iframes_total for p in pages), sum(p.iframes_untitled for p in pages))


STATEMENT_MENTION = re.compile(r"accessibilite\s*:?\s*(non|partiellement|totalement)\s+conforme")


@check("accessibility_statement", "accessibility", 5, "self")
@_needs_home
def check_accessibility_statement(site: SiteData) -> Outcome:
    weight = 10 if site.record is not None and site.record.is_public_body else 5
    match = STATEMENT_MENTION.search(fold(site.home_page.text))
    link = _find_link(site, [r"declaration d'accessibilite", r"accessibilite", r"accessibility"])
    score = 0.4 * bool(match) + 0.3 * bool(link)
    if link is not None:
        page = _page_for(site, link.url)
        if page is not None and re.search(r"rgaa|declaration d'accessibilite", fold(page.text)):
            score += 0.3
    status_word = match.group(1) if match else ""
    if score >= 1:
        return Outcome(1, "ok", weight=weight, level=status_word)
    if score == 0:
        return Outcome(0, "missing", weight=weight)
    return Outcome(score, "partial", weight=weight, mention=bool(match), link=bool(link))


# ----- sobriety and performance -----


@check("response_time", "sobriety", 3, "provider")
def check_response_time(site: SiteData) -> Outcome:
    home = site.home
    if not site.reachable or home is None or home.ttfb is None:
        return not_measured("unreachable")
    milliseconds = round(home.ttfb * 1000)
    return scored(log_normal_score(milliseconds, 200, 600), "measured", ms=milliseconds)


def page_weight_bytes(site: SiteData) -> int:
    home = site.home
    return (home.size if home else 0) + sum(f.size for f in site.subresources if not f.error)


@check("page_weight", "sobriety", 3, "provider")
def check_page_weight(site: SiteData) -> Outcome:
    home = site.home
    if site.reachable and home is not None and home.truncated:
        return scored(0, "over_cap", kb=round(home.size / 1000))
    if site.home_page is None:
        return not_measured("no_page")
    kilobytes = round(page_weight_bytes(site) / 1000)
    partial = site.subresources_total > len(site.subresources)
    return scored(
        log_normal_score(kilobytes, 1024, 2420), "at_least" if partial else "measured", kb=kilobytes
    )


@check("request_count", "sobriety", 2, "provider")
@_needs_home
def check_request_count(site: SiteData) -> Outcome:
    count = 1 + len(site.home_page.resources)
    return scored(log_normal_score(count, 40, 78), "measured", count=count)


@check("dom_size", "sobriety", 2, "provider")
@_needs_home
def check_dom_size(site: SiteData) -> Outcome:
    count = site.home_page.dom_size
    return scored(log_normal_score(count, 800, 1400), "measured", count=count)


@check("compression", "sobriety", 1, "provider")
@_needs_home
def check_compression(site: SiteData) -> Outcome:
    home = site.home
    if len(home.body) < 1400:
        return not_applicable("small")
    encoding = home.headers.get("content-encoding", "").lower()
    if any(name in encoding for name in ("gzip", "br", "deflate", "zstd")):
        return scored(1, "ok", encoding=encoding)
    return scored(0, "missing")


CARBON_SCORES = {"A+": 1, "A": 0.9, "B": 0.75, "C": 0.6, "D": 0.45, "E": 0.3, "F": 0.1}


@check("carbon", "sobriety", 1, "provider")
@_needs_home
def check_carbon(site: SiteData) -> Outcome:
    grams = grams_per_view(page_weight_bytes(site))
    rating = rating_for(grams)
    return scored(CARBON_SCORES[rating], "estimated", grams=f"{grams:.3f}".replace(".", ","), rating=rating)


# ----- contact and networks -----

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


# ----- consistency and freshness -----

DATE_PATTERN = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d{2})\b")
YEAR_PATTERN = re.compile(r"(?:©|&copy;|copyright)\s*(?:\d{4}\s*[-–]\s*)?(20\d{2})", re.IGNORECASE)


def newest_date(site: SiteData) -> datetime | None:
    now = site.now or datetime.now(tz=UTC)
    candidates: list[datetime] = []
    home = site.home
    if home is not None and home.headers.get("last-modified"):
        from email.utils import parsedate_to_datetime

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
