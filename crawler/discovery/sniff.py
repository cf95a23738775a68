"""What a fetched body is: "sitemap", "feed", "html", "robots" or "other".

Decided by the content first (a feed served as text/html named .html is still
a feed), then by the Content-Type, then, for an empty robots.txt, by the name.
Only the first 64 KiB are looked at; a gzip body is inflated only that far.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import urlsplit

SITEMAP = "sitemap"
FEED = "feed"
HTML = "html"
ROBOTS = "robots"
OTHER = "other"

SNIFF_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"

_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_HTML_TAGS = frozenset(
    {
        "html", "head", "body", "title", "meta", "link", "script", "style",
        "div", "p", "span", "a", "table", "form", "iframe", "h1", "h2", "h3",
        "br", "img", "ul", "ol", "section", "article", "header", "nav",
        "main", "footer", "noscript", "center", "font", "b", "i", "pre",
    }
)  # fmt: skip
_TAG = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_HTML_ANYWHERE = re.compile(r"<(?:html|head|body)[\s>]", re.IGNORECASE)
_JSON_FEED = re.compile(r'"version"\s*:\s*"https://jsonfeed\.org/')
_DIRECTIVE = re.compile(r"^[A-Za-z][A-Za-z-]*\s*:")
_ROBOTS_KEYS = re.compile(r"^(?:user-agent|disallow|allow|sitemap)\s*:", re.IGNORECASE)
_SUBSET_END = re.compile(r"\]\s*>")
_WEB_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _head(body: bytes) -> bytes:
    """The first SNIFF_BYTES of the body, inflated if it is gzip."""
    if not body.startswith(_GZIP_MAGIC):
        return body[:SNIFF_BYTES]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, SNIFF_BYTES)
    except zlib.error:
        return b""


def _decode(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def _is_html_doctype(text: str) -> bool:
    return text[:9].upper() == "<!DOCTYPE" and text[9:15].lower().lstrip().startswith("html")


def _skip_prolog(text: str) -> str:
    """Drop leading whitespace, XML declaration/PIs, comments and non-HTML doctype."""
    while True:
        text = text.lstrip("\ufeff \t\r\n")
        if text.startswith("<?"):
            end = text.find("?>")
            text = text[end + 2 :] if end >= 0 else ""
        elif text.startswith("<!--"):
            end = text.find("-->")
            text = text[end + 3 :] if end >= 0 else ""
        elif text[:9].upper() == "<!DOCTYPE" and not _is_html_doctype(text):
            bracket, close = text.find("["), text.find(">")
            if 0 <= bracket < close:  # internal subset: ends at "]" then ">"
                subset_end = _SUBSET_END.search(text, bracket)
                close = subset_end.end() - 1 if subset_end else -1
            text = text[close + 1 :] if close > 0 else ""
        else:
            return text


def _by_markup(text: str) -> str | None:
    if _is_html_doctype(text):
        return HTML
    match = _TAG.match(text)
    if match is None:
        return None
    name = match.group(1).lower()
    if name in _SITEMAP_ROOTS:
        return SITEMAP
    if name in _FEED_ROOTS:
        return FEED
    if name in _HTML_TAGS:
        return HTML
    return None


def _by_text(text: str, truncated: bool) -> str | None:
    lines = text.splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in half
    lines = [line.strip() for line in lines]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines:
        return None
    if all(_WEB_URL.match(line) for line in lines):
        return SITEMAP
    known = sum(1 for line in lines if _ROBOTS_KEYS.match(line))
    shaped = sum(1 for line in lines if _DIRECTIVE.match(line))
    if known and shaped * 2 >= len(lines):
        return ROBOTS
    return None


def _by_content(body: bytes) -> str | None:
    head = _head(body)
    text = _skip_prolog(_decode(head))
    if not text:
        return None
    if text.startswith("<"):
        return _by_markup(text) or (HTML if _HTML_ANYWHERE.search(text) else None)
    if text.startswith("{"):
        return FEED if _JSON_FEED.search(text) else None
    found = _by_text(text, truncated=len(head) >= SNIFF_BYTES)
    if found is None and _HTML_ANYWHERE.search(text):
        return HTML
    return found


def _by_content_type(content_type: str | None) -> str | None:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not media:
        return None
    if media in ("text/html", "application/xhtml+xml"):
        return HTML
    if "rss" in media or "atom" in media or media == "application/feed+json":
        return FEED
    return None


def _by_name(url: str, content_type: str | None) -> str | None:
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    media = (content_type or "text/plain").split(";", 1)[0].strip().lower()
    if path == "/robots.txt" and media == "text/plain":
        return ROBOTS
    return None


def sniff_kind(body: bytes, content_type: str | None, url: str) -> str:
    """One of "sitemap", "feed", "html", "robots", "other", content first."""
    return _by_content(body) or _by_content_type(content_type) or _by_name(url, content_type) or OTHER
