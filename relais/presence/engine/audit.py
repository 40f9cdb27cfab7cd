"""One audit of one site: collect the observations politely, run the checks, score them."""

import asyncio
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from relais.presence.engine import texts
from relais.presence.engine.checks import (
    LEGAL_PATTERNS,
    PRIVACY_PATTERNS,
    WEBMAILS,
    email_domain,
    fold,
    run_checks,
)
from relais.presence.engine.dns import Resolver, lookup_mail_dns
from relais.presence.engine.fetch import CrawlConfig, Fetched, PoliteFetcher
from relais.presence.engine.observations import SiteData, Sitemap, SubjectRecord
from relais.presence.engine.page import parse_page
from relais.presence.engine.scoring import (
    ALGORITHM_VERSION,
    CheckResult,
    coverage,
    grade_for,
    impact,
    pillar_scores,
    total_score,
)

SKIPPED_EXTENSIONS = re.compile(
    r"\.(pdf|jpe?g|png|gif|webp|svg|zip|docx?|xlsx?|odt|ods|mp4|mp3|avi|ico|css|js|xml|rss)$", re.IGNORECASE
)
PRIORITY_PATTERNS = (
    LEGAL_PATTERNS + PRIVACY_PATTERNS + [r"accessibilit", r"contact", r"nous trouver", r"acces"]
)
SITEMAP_MAX_URLS = 5000
DNS_DEADLINE = 10.0

__all__ = ["AuditReport", "SubjectRecord", "audit_site", "audit_url"]


@dataclass
class AuditReport:
    url: str
    final_url: str
    reachable: bool
    robots_blocked: bool
    score: float | None
    grade: str
    coverage: float
    pillars: dict[str, float | None]
    results: list[CheckResult]
    pages_fetched: int = 0
    requests: int = 0
    duration: float = 0.0
    deadline_reached: bool = False
    started_at: datetime = field(default_factory=lambda: datetime.now(tz=UTC))
    algorithm_version: str = ALGORITHM_VERSION

    def checks(self) -> list[dict]:
        """Every check with its texts and its weight in the total, as stored and shown."""
        return [
            {
                "id": r.id,
                "pillar": r.pillar,
                "score": r.score,
                "status": r.status,
                "message": texts.message(r),
                "fix": texts.fix(r),
                "title": texts.title(r.id),
                "weight": r.weight,
                "effort": r.effort,
                "impact": impact(r, self.results),
                "params": {
                    k: v for k, v in r.params.items() if isinstance(v, str | int | float | bool | list)
                },
            }
            for r in self.results
        ]

    def to_json(self) -> dict:
        """The public JSON of an audit (command line and API)."""
        return {
            "url": self.url,
            "algorithm_version": self.algorithm_version,
            "score": self.score,
            "grade": self.grade or None,
            "coverage": self.coverage,
            "pillars": self.pillars,
            "checks": [
                {key: check[key] for key in ("id", "pillar", "score", "status", "message", "fix")}
                for check in self.checks()
            ],
        }


def normalise_url(value: str) -> str:
    """Scheme-less input gets https://; the result is an absolute http(s) URL or "" when invalid."""
    value = (value or "").strip()
    if not value or any(ch.isspace() for ch in value):
        return ""
    if "://" not in value:
        value = "https://" + value.lstrip("/")
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError):
        return ""
    if url.scheme not in ("http", "https") or not url.host or "." not in url.host and url.host != "localhost":
        if not re.match(r"^\d+\.\d+\.\d+\.\d+$", url.host or ""):
            return ""
    parts = urlsplit(str(url))
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def build_report(site: SiteData, results: list[CheckResult], requests: int, duration: float) -> AuditReport:
    pillars = pillar_scores(results)
    score = total_score(pillars)
    return AuditReport(
        url=site.start_url or site.input_url,
        final_url=site.home.url if site.home else "",
        reachable=site.reachable,
        robots_blocked=site.robots_blocked_home,
        score=score,
        grade=grade_for(score),
        coverage=coverage(results),
        pillars=pillars,
        results=results,
        pages_fetched=(1 if site.home_page else 0) + sum(1 for _f, page in site.pages if page is not None),
        requests=requests,
        duration=round(duration, 3),
        deadline_reached=site.deadline_reached,
    )


async def audit_site(
    fetcher: PoliteFetcher,
    url: str,
    *,
    pages: int | None = None,
    record: SubjectRecord | None = None,
    resolver: Resolver | None = None,
    now: datetime | None = None,
) -> AuditReport:
    """Audit one site with a shared fetcher; never raises for a faulty site."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    requests_before = fetcher.requests_made
    site = SiteData(input_url=url, record=record, now=now or datetime.now(tz=UTC))
    try:
        async with asyncio.timeout(fetcher.config.audit_deadline):
            await _collect(fetcher, site, pages or fetcher.config.max_pages, resolver)
    except TimeoutError:
        site.deadline_reached = True
    results = run_checks(site)
    return build_report(site, results, fetcher.requests_made - requests_before, loop.time() - started)


def audit_url(
    url: str,
    *,
    pages: int = 5,
    config: CrawlConfig | None = None,
    record: SubjectRecord | None = None,
    resolver: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AuditReport:
    """Synchronous helper: one audit with its own fetcher (command line, one-off tasks)."""

    async def run() -> AuditReport:
        async with PoliteFetcher(config or CrawlConfig(), transport=transport) as fetcher:
            return await audit_site(fetcher, url, pages=pages, record=record, resolver=resolver)

    return asyncio.run(run())


async def _collect(fetcher: PoliteFetcher, site: SiteData, pages: int, resolver: Resolver | None) -> None:
    site.start_url = normalise_url(site.input_url)
    if not site.start_url:
        site.chain = [Fetched(url=site.input_url, error="invalid_url")]
        return
    site.robots = await fetcher.robots(site.start_url)
    if site.robots.status == "ok" and not site.robots.allows(site.start_url, fetcher.config.robot_name):
        site.robots_blocked_home = True
        return
    await _fetch_home(fetcher, site)
    home = site.home
    if site.reachable and home.ok and home.is_html and not home.truncated and home.body:
        site.home_page = parse_page(home.url, home.text())
    if not site.reachable:
        return
    site.sitemap = await _fetch_sitemap(fetcher, site)
    if site.home_page is not None:
        await _fetch_inner_pages(fetcher, site, pages)
        await _fetch_subresources(fetcher, site)
    await _lookup_dns(site, resolver)


async def _fetch_home(fetcher: PoliteFetcher, site: SiteData) -> None:
    chain = await fetcher.fetch_chain(site.start_url)
    site.chain = chain
    last = chain[-1]
    start = urlsplit(site.start_url)
    if last.error in ("tls", "connect", "timeout") and start.scheme == "https":
        plain = urlunsplit(("http", start.netloc, start.path, start.query, ""))
        fallback = await fetcher.fetch_chain(plain)
        if not fallback[-1].error:
            site.http_chain = fallback
            site.chain = fallback
            site.failed_chain = chain
        return
    if start.scheme == "http":
        site.http_chain = chain
    elif site.reachable and last.url.startswith("https://"):
        host = urlsplit(last.url).netloc
        site.http_chain = await fetcher.fetch_chain(f"http://{host}/")


def _sitemap_entries(text: str) -> tuple[list[str], list[str], datetime | None]:
    locations = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text, re.IGNORECASE)[:SITEMAP_MAX_URLS]
    children = locations if re.search(r"<sitemapindex", text, re.IGNORECASE) else []
    newest = None
    for value in re.findall(r"<lastmod>\s*([^<\s]+)\s*</lastmod>", text, re.IGNORECASE)[:SITEMAP_MAX_URLS]:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        newest = moment if newest is None or moment > newest else newest
    return ([] if children else locations), children, newest


async def _fetch_sitemap(fetcher: PoliteFetcher, site: SiteData) -> Sitemap:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.home.url))
    declared = [urljoin(origin + "/", url) for url in (site.robots.sitemaps if site.robots else [])]
    candidates = declared[:1] or [origin + "/sitemap.xml"]
    sitemap = Sitemap(url=candidates[0])
    for _level in range(2):
        url = sitemap.url
        if not site.robots.allows(url, fetcher.config.robot_name) and site.robots.status != "missing":
            return sitemap
        hops = await fetcher.fetch_chain(url, html_only=False)
        fetched = hops[-1]
        if not fetched.ok or fetched.truncated:
            return sitemap
        urls, children, newest = _sitemap_entries(fetched.text())
        urls = [urljoin(fetched.url, u) for u in urls]
        children = [urljoin(fetched.url, u) for u in children]
        sitemap.urls, sitemap.newest = urls, newest or sitemap.newest
        if not children:
            return sitemap
        sitemap.url = children[0]
    return sitemap


def _candidate_pages(site: SiteData) -> list[str]:
    home_url = site.home.url
    host = urlsplit(home_url).hostname
    seen = {home_url, site.start_url}
    priority, others = [], []
    links = site.home_page.links
    for link in links:
        url = link.url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname != host or url in seen:
            continue
        if SKIPPED_EXTENSIONS.search(parts.path) or len(parts.query) > 60:
            continue
        seen.add(url)
        haystack = fold(link.text) + " " + fold(parts.path.replace("-", " "))
        (priority if any(re.search(p, haystack) for p in PRIORITY_PATTERNS) else others).append(url)
    sitemap_urls = [u for u in (site.sitemap.urls if site.sitemap else []) if urlsplit(u).hostname == host]
    others.extend(u for u in sitemap_urls[:50] if u not in seen and not SKIPPED_EXTENSIONS.search(u))
    return priority + others


async def _fetch_inner_pages(fetcher: PoliteFetcher, site: SiteData, pages: int) -> None:
    robot = fetcher.config.robot_name
    allowed = [url for url in _candidate_pages(site) if site.robots.allows(url, robot)]
    wanted, rest = allowed[: max(pages - 1, 0)], allowed[max(pages - 1, 0) :]
    for url in wanted:
        hops = await fetcher.fetch_chain(url)
        fetched = hops[-1]
        page = None
        if fetched.ok and fetched.is_html and not fetched.truncated and fetched.body:
            page = parse_page(fetched.url, fetched.text())
        fetched.body = b""  # the parsed page is all the checks need
        site.pages.append((fetched, page))
    for url in rest[: fetcher.config.max_link_checks]:
        result = await fetcher.fetch(url, method="HEAD")
        if result.status in (405, 501):
            result = await fetcher.fetch(url, read_limit=1)
        site.link_checks.append(result)


async def _fetch_subresources(fetcher: PoliteFetcher, site: SiteData) -> None:
    host = urlsplit(site.home.url).hostname
    resources = site.home_page.resources
    site.subresources_total = len(resources)
    robot = fetcher.config.robot_name
    own = [url for url in resources if urlsplit(url).hostname == host and site.robots.allows(url, robot)]
    for url in own[: fetcher.config.max_subresources]:
        fetched = await fetcher.fetch(url)
        fetched.body = b""
        site.subresources.append(fetched)


async def _lookup_dns(site: SiteData, resolver: Resolver | None) -> None:
    domain = email_domain(site)
    if resolver is None or not domain or domain in WEBMAILS:
        return
    try:
        async with asyncio.timeout(DNS_DEADLINE):
            site.dns = await lookup_mail_dns(resolver, domain)
    except TimeoutError:
        site.dns = None
