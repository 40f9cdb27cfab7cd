"""Accessibility: static hints (not an RGAA audit) and the accessibility statement."""

import re

from relais.presence.engine.checks.base import (
    Outcome,
    _find_link,
    _needs_home,
    _page_for,
    check,
    fold,
    not_applicable,
    scored,
)
from relais.presence.engine.observations import SiteData


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
