"""Sitemaps: XML urlset and sitemapindex (with Google News fields), plain text,
gzip with an output cap, and the Sitemap: lines of robots.txt.

Pure: bytes in, ``Sitemap`` out. Scrapy's own sitemap support drops the
``news:*`` fields, hence this parser.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from protego import Protego

from crawler.discovery.feeds import (
    child_text,
    children,
    local_name,
    normalise_date,
    parse_xml_root,
)

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_SIZE = 50 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>`` of a sitemap, dates in ISO 8601."""

    url: str
    lastmod: str | None = None
    news_title: str | None = None
    news_published: str | None = None
    news_language: str | None = None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: kind is "index" (of sitemaps) or "urlset" (of pages)."""

    kind: str
    entries: tuple[SitemapEntry, ...]


class SitemapError(ValueError):
    """The body is not a sitemap, or inflates past the size cap."""


def gunzip_capped(body: bytes, max_size: int) -> bytes:
    """Inflate gzip ``body``; SitemapError once output would pass ``max_size``.

    Inflates in bounded steps, so a gzip bomb stops at the cap instead of
    filling memory.
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = body
    try:
        while True:
            data = inflater.decompress(pending, _CHUNK)
            out += data
            if len(out) > max_size:
                raise SitemapError(f"gzip body inflates past {max_size} bytes")
            if inflater.eof:  # next member of a multi-member gzip, if any
                pending = inflater.unused_data
                if not pending.startswith(GZIP_MAGIC):
                    break
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                continue
            pending = inflater.unconsumed_tail
            if not pending and not data:  # truncated: keep what inflated
                break
    except zlib.error as error:
        raise SitemapError(f"broken gzip body: {error}") from error
    return bytes(out)


def _web_url(loc: str | None, base_url: str) -> str | None:
    if not loc:
        return None
    loc = loc.strip()
    if loc.startswith(("https://", "http://")) and loc.isprintable() and " " not in loc and "/." not in loc:
        return loc  # the usual absolute loc: skip the slow urljoin
    try:
        url = urljoin(base_url, loc)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _news_fields(url_element: etree._Element) -> dict[str, str | None]:
    for news in children(url_element, "news"):
        language = None
        for publication in children(news, "publication"):
            language = child_text(publication, "language")
        return {
            "news_title": child_text(news, "title"),
            "news_published": normalise_date(child_text(news, "publication_date")),
            "news_language": language,
        }
    return {}


def _xml_sitemap(root: etree._Element, base_url: str) -> Sitemap:
    kind = local_name(root).lower()
    if kind == "urlset":
        item_name = "url"
    elif kind == "sitemapindex":
        item_name = "sitemap"
    else:
        raise SitemapError(f"not a sitemap: root element <{local_name(root)}>")
    entries: list[SitemapEntry] = []
    for item in children(root, item_name):
        url = _web_url(child_text(item, "loc"), base_url)
        if url is None:
            continue
        lastmod = normalise_date(child_text(item, "lastmod"))
        news = _news_fields(item) if kind == "urlset" else {}
        entries.append(SitemapEntry(url, lastmod, **news))
    return Sitemap("index" if kind == "sitemapindex" else "urlset", tuple(entries))


def _text_sitemap(text: str, base_url: str) -> Sitemap:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    urls = [_web_url(line, base_url) for line in lines]
    if not lines or any(
        url is None or not line.lower().startswith(("http://", "https://"))
        for line, url in zip(lines, urls, strict=True)
    ):
        raise SitemapError("not a sitemap: text that is not one URL per line")
    return Sitemap("urlset", tuple(SitemapEntry(url) for url in urls if url))


def parse_sitemap(body: bytes, base_url: str, max_size: int = DEFAULT_MAX_SIZE) -> Sitemap:
    """Entries of an XML urlset or sitemapindex, or of a plain-text sitemap.

    A gzip body (by magic bytes) is inflated up to ``max_size`` bytes. Locs
    are stripped and resolved against ``base_url``; non-http(s) locs are
    skipped. Raises SitemapError for anything that is not a sitemap.
    """
    if body.startswith(GZIP_MAGIC):
        body = gunzip_capped(body, max_size)
    data = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    if data.startswith(b"<"):
        root = parse_xml_root(data)
        if root is None:
            raise SitemapError("not a sitemap: no XML root element")
        return _xml_sitemap(root, base_url)
    return _text_sitemap(data.decode("utf-8", errors="replace"), base_url)


def robots_sitemaps(robots_txt: bytes | str, base_url: str) -> list[str]:
    """Absolute URLs of the ``Sitemap:`` lines of a robots.txt, in order."""
    if isinstance(robots_txt, bytes):
        robots_txt = robots_txt.decode("utf-8", errors="replace")
    return web_urls(Protego.parse(robots_txt).sitemaps, base_url)


def web_urls(locs: Iterable[str], base_url: str) -> list[str]:
    """The http(s) URLs among `locs`, resolved against `base_url`, in order, each once (e.g. robots.txt Sitemap: lines)."""
    found: list[str] = []
    for loc in locs:
        url = _web_url(loc, base_url)
        if url and url not in found:
            found.append(url)
    return found
