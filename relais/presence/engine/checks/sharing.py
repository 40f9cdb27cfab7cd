"""Visibility and sharing: title, description, canonical, language, headings, links, social cards."""

import re

from relais.presence.engine.checks.base import (
    Outcome,
    _needs_home,
    check,
    fold,
    not_measured,
    scored,
)
from relais.presence.engine.observations import SiteData


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
