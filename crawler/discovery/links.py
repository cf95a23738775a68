"""Links of an HTML page: anchors with their text, and the canonical URL.

Pure: an lxml tree (or an HTML str, parsed here) in, absolute http(s) URLs out,
resolved against ``<base href>`` when the page has one, then against the page URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.discovery.htmltree import base_of, parse_text

_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:")
_WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Link:
    """An absolute link (no fragment) and its whitespace-normalised text."""

    url: str
    text: str


def _squash(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _resolve(href: str, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for a link to skip."""
    href = href.strip().replace("\t", "").replace("\n", "").replace("\r", "")
    if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    try:
        absolute = href.startswith(("http://", "https://")) and "/./" not in href and "/../" not in href
        url = href if absolute else urljoin(base, href)  # most links of a page are absolute: nothing to resolve
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _WEB_SCHEMES:
        return None
    return url.split("#", 1)[0]


def _anchor_text(anchor: etree._Element) -> str:
    text = _squash(" ".join(t for t in anchor.itertext()))
    if text:
        return text
    title = _squash(anchor.get("title"))
    if title:
        return title
    for image in anchor.iter("img"):
        alt = _squash(image.get("alt"))
        if alt:
            return alt
    return ""


def links_in(root: etree._Element, base_url: str) -> list[Link]:
    """All ``<a href>`` links of a parsed page, absolute, deduplicated by URL, in page order.

    Skips javascript:, mailto:, tel:, data:, fragment-only and other non-http(s)
    links. The text of a URL's first anchor is kept, unless it is empty and a
    later anchor for the same URL has text.
    """
    base = base_of(root, base_url)
    texts: dict[str, str] = {}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if href is None:
            continue
        url = _resolve(href, base)
        if url is None:
            continue
        if not texts.get(url):
            texts[url] = _anchor_text(anchor)
    return [Link(url, text) for url, text in texts.items()]


def extract_links(html: str, base_url: str) -> list[Link]:
    """`links_in` of an HTML string."""
    root = parse_text(html)
    return links_in(root, base_url) if root is not None else []


def canonical_link(html: str, base_url: str) -> str | None:
    """``<link rel="canonical">`` else ``<meta property="og:url">``, absolute.

    None when neither is present or the URL is not http(s).
    """
    root = parse_text(html)
    if root is None:
        return None
    base = base_of(root, base_url)
    for link in root.iter("link"):
        tokens = (link.get("rel") or "").lower().split()
        if "canonical" in tokens and link.get("href"):
            url = _resolve(link.get("href") or "", base)
            if url:
                return url
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key == "og:url" and meta.get("content"):
            url = _resolve(meta.get("content") or "", base)
            if url:
                return url
    return None
