"""Is an HTML page an article, or a hub (section, listing, home page)?

Pure: HTML str in, bool out. A page is an article when it says so (Open Graph
type, article:published_time, JSON-LD Article types) or when it has an
``<article>`` element with real running text, or, without one, paragraphs of
prose (at least 4 of 80+ characters, 1,000 in all, mostly not link text) outside
the navigation, header, footer and sidebars. Listings of teasers are not.

A page that is neither but whose own text (outside the chrome, not link text) is
long and not dominated by links is an article *candidate* (`tree_is_candidate`):
text set in lists, tables, `<div>`s and `<br>` lines rather than `<p>`, an
abstract in a `<blockquote>`; so is a shorter page at a story-shaped URL (a
dated path, or a last segment that is a slug of three words or more). Extraction
and its page type decide what it is; its links are still explored as a hub's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml import etree

from crawler.discovery.htmltree import parse_text
from crawler.discovery.linkmerit import url_shape

MIN_ARTICLE_PARAGRAPHS = 3
MIN_ARTICLE_TEXT_CHARS = 400
# Running text outside <article>: paragraphs of prose (not in nav, aside, header, footer, forms; mostly not link text).
MIN_PROSE_PARAGRAPHS = 4
MIN_PROSE_CHARS = 1000
MIN_PROSE_PARAGRAPH_CHARS = 80
MAX_PROSE_LINK_SHARE = 0.3
_CHROME = frozenset({"nav", "aside", "header", "footer", "form"})
# An article candidate: this many characters (not counting spaces) of own text, at most this share of link text.
MIN_CANDIDATE_CHARS = 1000
MAX_CANDIDATE_LINK_SHARE = 0.5
# ...or this much own text at a story-shaped URL.
MIN_STORY_URL_CHARS = 300
_NO_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "button", "head", "title"})
_ARTICLE_TYPE_SUFFIXES = ("Article", "BlogPosting")
# JSON-LD keys whose values describe this page; others (publisher, an
# ItemList's itemListElement) may describe other things.
_MAIN_KEYS = ("@graph", "mainEntity")


def _meta_content(root: etree._Element, key: str) -> str | None:
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        name = meta.get("property") or meta.get("name") or ""
        if name.strip().lower() == key:
            return content
    return None


def _main_nodes(data: Any) -> Iterator[dict[str, Any]]:
    """JSON-LD objects that describe the page itself."""
    if isinstance(data, list):
        for item in data:
            yield from _main_nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in _MAIN_KEYS:
            if key in data:
                yield from _main_nodes(data[key])


def _is_article_type(value: Any) -> bool:
    types = value if isinstance(value, list) else [value]
    for item in types:
        if isinstance(item, str):
            name = item.strip().rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            if name.endswith(_ARTICLE_TYPE_SUFFIXES):
                return True
    return False


def _json_ld_says_article(root: etree._Element) -> bool:
    for script in root.iter("script"):
        script_type = str(script.get("type") or "").split(";", 1)[0].strip().lower()
        if script_type != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:  # malformed JSON-LD is common: ignore it
            continue
        if any(_is_article_type(node.get("@type")) for node in _main_nodes(data)):
            return True
    return False


def _has_article_body(root: etree._Element) -> bool:
    for article in root.iter("article"):
        paragraphs = [" ".join(" ".join(p.itertext()).split()) for p in article.iter("p")]
        paragraphs = [p for p in paragraphs if p]
        total = sum(len(p) for p in paragraphs)
        if len(paragraphs) >= MIN_ARTICLE_PARAGRAPHS and total >= MIN_ARTICLE_TEXT_CHARS:
            return True
    return False


def _has_running_text(root: etree._Element) -> bool:
    count = total = 0
    for paragraph in root.iter("p"):
        text = " ".join(" ".join(paragraph.itertext()).split())
        if len(text) < MIN_PROSE_PARAGRAPH_CHARS or any(a.tag in _CHROME for a in paragraph.iterancestors()):
            continue
        linked = sum(len(" ".join(" ".join(a.itertext()).split())) for a in paragraph.iter("a"))
        if linked <= MAX_PROSE_LINK_SHARE * len(text):
            count, total = count + 1, total + len(text)
            if count >= MIN_PROSE_PARAGRAPHS and total >= MIN_PROSE_CHARS:
                return True
    return False


def tree_looks_like_article(root: etree._Element) -> bool:
    """True when the parsed page declares itself an article or has an article body."""
    og_type = _meta_content(root, "og:type")
    if og_type and og_type.strip().lower() == "article":
        return True
    published = _meta_content(root, "article:published_time")
    if published and published.strip():
        return True
    return _json_ld_says_article(root) or _has_article_body(root) or _has_running_text(root)


def _chars(text: str | None) -> int:
    return sum(map(len, text.split())) if text else 0


def own_and_link_chars(root: etree._Element) -> tuple[int, int]:
    """Characters (not spaces) of the page's text outside the chrome: not in links, and in links."""
    body = root.find(".//body")
    own = linked = 0
    stack = [(body if body is not None else root, False, False)]
    while stack:
        element, in_link, in_chrome = stack.pop()
        in_link, in_chrome = in_link or element.tag == "a", in_chrome or element.tag in _CHROME
        counted = 0 if in_chrome else _chars(element.text)
        for child in element:
            counted += 0 if in_chrome else _chars(child.tail)
            if isinstance(child.tag, str) and child.tag not in _NO_TEXT:
                stack.append((child, in_link, in_chrome))
        if in_link:
            linked += counted
        else:
            own += counted
    return own, linked


def is_story_url(url: str) -> bool:
    """A dated path (`/2011/09/...`) or a last path segment that is a slug of three words or more."""
    segments = [s for s in url_shape(url).split("?", 1)[0].split("/") if s]
    dated = any(a == "D4" and b in ("D1", "D2") for a, b in zip(segments, segments[1:], strict=False))
    return dated or (bool(segments) and segments[-1].split(".", 1)[0] == "S")


def tree_is_candidate(root: etree._Element, url: str = "") -> bool:
    """Not an article by its markup, but worth extracting: long own text, at most half of it link text; or some
    own text at a story-shaped URL."""
    own, linked = own_and_link_chars(root)
    if own >= MIN_CANDIDATE_CHARS and linked <= MAX_CANDIDATE_LINK_SHARE * (own + linked):
        return True
    return own >= MIN_STORY_URL_CHARS and bool(url) and is_story_url(url)


def looks_like_article(html: str) -> bool:
    """`tree_looks_like_article` of an HTML string."""
    root = parse_text(html)
    return root is not None and tree_looks_like_article(root)
