"""Links of an HTML page: anchors with their text, and the canonical URL.

Pure: HTML str in, absolute http(s) URLs out, resolved against ``<base href>``
when the page has one, then against the page URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:")
_WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Link:
    """An absolute link (no fragment) and its whitespace-normalised text."""

    url: str
    text: str


def _squash(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _document_base(soup: BeautifulSoup, base_url: str) -> str:
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        href = _attr(base_tag, "href").strip()
        if href:
            try:
                return urljoin(base_url, href)
            except ValueError:
                return base_url
    return base_url


def _resolve(href: str, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for a link to skip."""
    href = href.strip().replace("\t", "").replace("\n", "").replace("\r", "")
    if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _WEB_SCHEMES:
        return None
    return url.split("#", 1)[0]


def _anchor_text(anchor: Tag) -> str:
    text = _squash(anchor.get_text(" "))
    if text:
        return text
    title = _squash(_attr(anchor, "title"))
    if title:
        return title
    for image in anchor.find_all("img"):
        alt = _squash(_attr(image, "alt")) if isinstance(image, Tag) else ""
        if alt:
            return alt
    return ""


def extract_links(html: str, base_url: str) -> list[Link]:
    """All ``<a href>`` links, absolute, deduplicated by URL, in page order.

    Skips javascript:, mailto:, tel:, data:, fragment-only and other non-http(s)
    links. The text of a URL's first anchor is kept, unless it is empty and a
    later anchor for the same URL has text.
    """
    soup = BeautifulSoup(html, "lxml")
    base = _document_base(soup, base_url)
    texts: dict[str, str] = {}
    for anchor in soup.find_all("a", href=True):
        if not isinstance(anchor, Tag):
            continue
        url = _resolve(_attr(anchor, "href"), base)
        if url is None:
            continue
        if not texts.get(url):
            texts[url] = _anchor_text(anchor)
    return [Link(url, text) for url, text in texts.items()]


def canonical_link(html: str, base_url: str) -> str | None:
    """``<link rel="canonical">`` else ``<meta property="og:url">``, absolute.

    None when neither is present or the URL is not http(s).
    """
    soup = BeautifulSoup(html, "lxml")
    base = _document_base(soup, base_url)
    for link in soup.find_all("link", href=True):
        if not isinstance(link, Tag):
            continue
        tokens = _attr(link, "rel").lower().split()
        if "canonical" in tokens:
            url = _resolve(_attr(link, "href"), base)
            if url:
                return url
    for meta in soup.find_all("meta", content=True):
        if not isinstance(meta, Tag):
            continue
        key = (_attr(meta, "property") or _attr(meta, "name")).strip().lower()
        if key == "og:url":
            url = _resolve(_attr(meta, "content"), base)
            if url:
                return url
    return None
