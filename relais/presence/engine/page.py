"""What the checks need from one HTML page, extracted once with selectolax (Lexbor)."""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

LINK_RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
MAX_TEXT = 200_000


@dataclass
class Link:
    href: str
    url: str
    text: str
    has_name: bool
    rel: str = ""


@dataclass
class Page:
    url: str
    title: str = ""
    description: str = ""
    lang: str = ""
    robots_meta: str = ""
    canonicals: list[str] = field(default_factory=list)
    viewport: str = ""
    has_doctype: bool = False
    headings: list[tuple[int, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images_total: int = 0
    images_without_alt: int = 0
    controls_total: int = 0
    controls_unlabelled: int = 0
    buttons_unnamed: int = 0
    iframes_total: int = 0
    iframes_untitled: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[dict] = field(default_factory=list)
    scripts: list[tuple[str, bool]] = field(default_factory=list)  # (absolute src, has integrity)
    inline_scripts: str = ""
    resources: list[str] = field(default_factory=list)
    favicon: bool = False
    dom_size: int = 0
    text: str = ""
    meta_refresh: bool = False

    @property
    def internal_links(self) -> list[Link]:
        host = urlsplit(self.url).hostname
        return [link for link in self.links if urlsplit(link.url).hostname == host]


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _absolute(base: str, href: str) -> str:
    try:
        return urldefrag(urljoin(base, href.strip()))[0]
    except ValueError:
        return ""


def parse_page(url: str, html: str) -> Page:
    tree = LexborHTMLParser(html)
    page = Page(url=url, has_doctype=html.lstrip()[:15].lower().startswith("<!doctype html"))
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = _absolute(url, base_node.attributes.get("href") or "") or url
    root = tree.css_first("html")
    if root is not None:
        page.lang = (root.attributes.get("lang") or root.attributes.get("xml:lang") or "").strip()
    title = tree.css_first("title")
    page.title = _clean(title.text()) if title is not None else ""
    _read_meta(tree, page, base)
    _read_structure(tree, page, base)
    _read_resources(tree, page, base)
    all_nodes = tree.css("*")
    svg_children = tree.css("svg *")
    page.dom_size = len(all_nodes) - len(svg_children)
    body = tree.body
    page.text = _clean(body.text(separator=" "))[:MAX_TEXT] if body is not None else ""
    return page


def _read_meta(tree: LexborHTMLParser, page: Page, base: str) -> None:
    for node in tree.css("meta"):
        attributes = node.attributes
        name = (attributes.get("name") or attributes.get("property") or "").strip().lower()
        content = _clean(attributes.get("content"))
        if name:
            page.meta.setdefault(name, content)
        if name == "description":
            page.description = content
        elif name in ("robots", "googlebot"):
            page.robots_meta += " " + content.lower()
        elif name == "viewport":
            page.viewport = content.lower()
        if (attributes.get("http-equiv") or "").lower() == "refresh":
            page.meta_refresh = True
    for node in tree.css("link[rel]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        href = node.attributes.get("href") or ""
        if "canonical" in rels:
            page.canonicals.append(_absolute(base, href) if href else "")
        if rels & {"icon", "apple-touch-icon"}:
            page.favicon = True
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except ValueError:
            continue
        page.json_ld.extend(_flatten_json_ld(data))


def _flatten_json_ld(data) -> list[dict]:
    if isinstance(data, list):
        return [item for entry in data for item in _flatten_json_ld(entry)]
    if isinstance(data, dict):
        if "@graph" in data:
            return _flatten_json_ld(data["@graph"])
        return [data]
    return []


def _accessible_name(node) -> bool:
    attributes = node.attributes
    if _clean(node.text()) or (attributes.get("aria-label") or "").strip():
        return True
    if (attributes.get("aria-labelledby") or "").strip() or (attributes.get("title") or "").strip():
        return True
    return any((image.attributes.get("alt") or "").strip() for image in node.css("img"))


def _read_structure(tree: LexborHTMLParser, page: Page, base: str) -> None:
    for node in tree.css("h1, h2, h3, h4, h5, h6"):
        page.headings.append((int(node.tag[1]), _clean(node.text())))
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        page.links.append(
            Link(
                href=href,
                url=_absolute(base, href) if not href.lower().startswith(("mailto:", "tel:")) else href,
                text=_clean(node.text()),
                has_name=_accessible_name(node),
                rel=(node.attributes.get("rel") or "").lower(),
            )
        )
    images = tree.css("img")
    page.images_total = len(images) + len(tree.css('input[type="image"], area'))
    page.images_without_alt = sum(1 for image in images if "alt" not in image.attributes) + sum(
        1 for node in tree.css('input[type="image"], area[href]') if not (node.attributes.get("alt") or "")
    )
    labelled_ids = {(label.attributes.get("for") or "") for label in tree.css("label[for]")}
    for control in tree.css("input, select, textarea"):
        kind = (control.attributes.get("type") or "text").lower()
        if kind in ("hidden", "submit", "button", "reset", "image"):
            continue
        page.controls_total += 1
        attributes = control.attributes
        named = (
            (attributes.get("id") or "") in labelled_ids - {""}
            or (attributes.get("aria-label") or "").strip()
            or (attributes.get("aria-labelledby") or "").strip()
            or (attributes.get("title") or "").strip()
            or _inside_label(control)
        )
        if not named:
            page.controls_unlabelled += 1
    for button in tree.css('button, input[type="submit"], input[type="button"]'):
        if button.tag == "input":
            if not (button.attributes.get("value") or button.attributes.get("aria-label") or "").strip():
                page.buttons_unnamed += 1
        elif not _accessible_name(button):
            page.buttons_unnamed += 1
    frames = tree.css("iframe")
    page.iframes_total = len(frames)
    page.iframes_untitled = sum(1 for frame in frames if not (frame.attributes.get("title") or "").strip())


def _inside_label(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "label":
            return True
        parent = parent.parent
    return False


def _read_resources(tree: LexborHTMLParser, page: Page, base: str) -> None:
    resources: list[str] = []
    for node in tree.css("script"):
        src = (node.attributes.get("src") or "").strip()
        if src:
            absolute = _absolute(base, src)
            page.scripts.append((absolute, "integrity" in node.attributes))
            resources.append(absolute)
        elif len(page.inline_scripts) < 100_000:
            page.inline_scripts += (node.text() or "")[:20_000] + "\n"
    for node in tree.css("link[rel][href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        if rels & LINK_RESOURCE_RELS:
            resources.append(_absolute(base, node.attributes.get("href") or ""))
    for selector, attribute in (
        ("img[src]", "src"),
        ("iframe[src]", "src"),
        ("video[poster]", "poster"),
        ("source[src]", "src"),
        ("audio[src]", "src"),
        ("embed[src]", "src"),
        ("object[data]", "data"),
    ):
        for node in tree.css(selector):
            resources.append(_absolute(base, node.attributes.get(attribute) or ""))
    seen: set[str] = set()
    page.resources = [url for url in resources if url and not (url in seen or seen.add(url))]
