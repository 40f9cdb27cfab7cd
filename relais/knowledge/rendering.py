"""Markdown to safe HTML: markdown-it-py renders, nh3 keeps only harmless tags and attributes.

Raw HTML in the source is never trusted: markdown-it escapes it (`html=False`) and nh3 removes anything
that is not on the allow-list below (scripts, styles, event handlers, `javascript:` links).
"""

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
COMMENT_TAGS = {"a", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong", "ul"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _render(text: str) -> str:
    tokens = _markdown.parse(text or "")
    for token in tokens:
        # The page title is the only <h1>: headings inside a text start one level below.
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return _markdown.renderer.render(tokens, _markdown.options, {})


def render_markdown(text: str) -> str:
    """Safe HTML of an article or description."""
    return nh3.clean(
        _render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_comment(text: str) -> str:
    """Safe HTML of a comment: a few inline tags, no images, no headings."""
    return nh3.clean(
        _render(text),
        tags=COMMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )


def sanitise_feed_html(html: str) -> str:
    """Safe HTML of a feed item's summary."""
    return nh3.clean(html or "", tags=COMMENT_TAGS, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES)


def count_links(text: str) -> int:
    return len(LINK_PATTERN.findall(text or ""))
