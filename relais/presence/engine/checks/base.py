"""Shared pieces of the checks: the registry, outcomes and helpers reading the observations."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from relais.presence.engine.observations import SiteData
from relais.presence.engine.page import Link, Page
from relais.presence.engine.scoring import (
    NOT_APPLICABLE,
    NOT_MEASURED,
    PILLARS,
    CheckResult,
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
    pillars = list(PILLARS)
    for spec in sorted(REGISTRY, key=lambda spec: pillars.index(spec.pillar)):
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
