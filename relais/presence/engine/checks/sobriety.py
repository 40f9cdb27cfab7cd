"""Sobriety and performance: response time, weight, requests, DOM size, compression, CO₂."""

from relais.presence.engine.checks.base import (
    Outcome,
    _needs_home,
    check,
    not_applicable,
    not_measured,
    scored,
)
from relais.presence.engine.co2 import grams_per_view, rating_for
from relais.presence.engine.observations import SiteData
from relais.presence.engine.scoring import log_normal_score


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
