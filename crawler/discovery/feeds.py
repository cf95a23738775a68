"""Feeds: parse RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed; find feed links.

Pure: bytes/str in, ``FeedEntry`` out. XML goes through a parser that
resolves no entities and fetches nothing, so a hostile feed cannot read local
files or inflate itself. Elements are matched by local name, so namespaced and
bare spellings both work.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.entities import name2codepoint
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.discovery.htmltree import base_of, parse_text

FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)

_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_ENTITY_OR_CDATA = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});", re.DOTALL
)


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: absolute URL and what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601, None if absent or unparseable
    summary: str | None = None


class FeedError(ValueError):
    """The body is not a feed this module understands."""


def secure_xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def _html_entity_to_number(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name is None:  # a CDATA section: its text is literal
        return match.group(0)
    codepoint = name2codepoint.get(name.decode("ascii"))
    if codepoint is None:
        return match.group(0)
    return b"&#%d;" % codepoint


def parse_xml_root(body: bytes) -> etree._Element | None:
    """The root element of ``body`` parsed securely; None when there is none.

    HTML named entities (``&nbsp;``), invalid in XML but common in feeds,
    become character references first: libxml2's recovery would otherwise
    drop the text that follows them.
    """
    data = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    if b"&" in data:
        data = _ENTITY_OR_CDATA.sub(_html_entity_to_number, data)
    if not data:
        return None
    try:
        return etree.fromstring(data, parser=secure_xml_parser())
    except etree.XMLSyntaxError:
        return None


def local_name(element: etree._Element) -> str:
    """Tag without namespace; "" for comments, PIs and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Direct child elements whose local name is ``name``."""
    return element.iterchildren("{*}" + name)  # "{*}" matches any namespace or none


def child_text(element: etree._Element, name: str) -> str | None:
    """Whitespace-stripped text of the first child called ``name``, or None."""
    for child in children(element, name):
        text = child.text if len(child) == 0 else "".join(child.itertext())
        return text.strip() if text and text.strip() else None
    return None


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 form of an RFC 822 or ISO 8601 date; None if unparseable.

    Partial W3C dates ('2019', '2019-02') are completed to the first day.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        text += "-01-01"
    elif len(text) == 7 and text[4] == "-":
        text += "-01"
    if text[:4].isdigit():  # ISO 8601 first: sitemaps hold tens of thousands
        try:
            return datetime.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 822 '-0000' means UTC with the local zone unknown: email makes it naive.
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()


def _web_url(href: str | None, base: str) -> str | None:
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base, href.strip())
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url.split("#", 1)[0] if scheme in ("http", "https") else None


def _xml_base(element: etree._Element, base_url: str) -> str:
    """The base URL in effect at ``element``: xml:base chain over base_url."""
    chain = [element, *element.iterancestors()]
    base = base_url
    for node in reversed(chain):
        declared = node.get(_XML_NS + "base")
        if declared:
            base = urljoin(base, declared.strip())
    return base


def _rss_link(item: etree._Element, base: str) -> str | None:
    """<link> text (or an atom:link's href), else a permalink <guid>, else rdf:about."""
    for link in children(item, "link"):
        href = link.text if link.get("href") is None else link.get("href")
        if link.get("rel", "alternate").strip().lower() == "alternate" and (url := _web_url(href, base)):
            return url
    for guid in children(item, "guid"):
        if guid.get("isPermaLink", "true").strip().lower() != "false" and (url := _web_url(guid.text, base)):
            return url
    return _web_url(item.get(_RDF_ABOUT), base)


def _rss_entry(item: etree._Element, base_url: str) -> FeedEntry | None:
    url = _rss_link(item, _xml_base(item, base_url))
    if url is None:
        return None
    published = child_text(item, "pubDate") or child_text(item, "date")
    summary = child_text(item, "description") or child_text(item, "encoded")
    return FeedEntry(url, child_text(item, "title"), normalise_date(published), summary)


def _atom_link(entry: etree._Element, base: str) -> str | None:
    for link in children(entry, "link"):
        if link.get("rel", "alternate").strip().lower() == "alternate":
            url = _web_url(link.get("href"), _xml_base(link, base))
            if url:
                return url
    return None


def _atom_entry(entry: etree._Element, base_url: str) -> FeedEntry | None:
    url = _atom_link(entry, base_url)
    if url is None:
        return None
    published = child_text(entry, "published") or child_text(entry, "updated")
    summary = child_text(entry, "summary") or child_text(entry, "content")
    return FeedEntry(url, child_text(entry, "title"), normalise_date(published), summary)


def _parse_xml_feed(root: etree._Element, base_url: str) -> list[FeedEntry]:
    kind = local_name(root).lower()
    if kind == "feed":
        entries = [_atom_entry(e, base_url) for e in children(root, "entry")]
    elif kind == "rss":
        items = [i for c in children(root, "channel") for i in children(c, "item")]
        entries = [_rss_entry(i, base_url) for i in items]
    elif kind == "rdf":
        items = [*children(root, "item")]
        items += [i for c in children(root, "channel") for i in children(c, "item")]
        entries = [_rss_entry(i, base_url) for i in items]
    else:
        raise FeedError(f"not a feed: root element <{local_name(root)}>")
    return [e for e in entries if e is not None]


def _json_str(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _parse_json_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as error:
        raise FeedError(f"not a feed: invalid JSON ({error})") from error
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/"):
        raise FeedError("not a feed: JSON without a jsonfeed.org version")
    items = doc.get("items")
    entries: list[FeedEntry] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        url = _web_url(_json_str(item, "url", "external_url"), base_url)
        if url is None:
            continue
        published = _json_str(item, "date_published", "date_modified")
        summary = _json_str(item, "summary", "content_text")
        entries.append(FeedEntry(url, _json_str(item, "title"), normalise_date(published), summary))
    return entries


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS 2.0, RSS 1.0, Atom or JSON feed, with absolute URLs.

    Entries without an http(s) link are skipped. Raises FeedError when the
    body is not a feed.
    """
    if body.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        return _parse_json_feed(body, base_url)
    root = parse_xml_root(body)
    if root is None:
        raise FeedError("not a feed: no XML root element")
    return _parse_xml_feed(root, base_url)


def feed_links_in(root: etree._Element, base_url: str) -> list[str]:
    """Feed URLs a parsed page announces by ``<link rel="alternate" type=...>``, in order."""
    base = _web_url(base_of(root, base_url), base_url) or base_url
    found: list[str] = []
    for link in root.iter("link"):
        href = link.get("href")
        tokens = (link.get("rel") or "").split()
        if href is None or "alternate" not in (t.lower() for t in tokens):
            continue
        link_type = str(link.get("type", "")).split(";", 1)[0].strip().lower()
        if link_type not in FEED_LINK_TYPES:
            continue
        url = _web_url(href, base)
        if link_type == "application/json" and url and "feed" not in url.lower():
            continue  # JSON Feed 1.0's type, also that of APIs (WordPress announces /wp-json/... so)
        if url and url not in found:
            found.append(url)
    return found


def find_feed_links(html: str, base_url: str) -> list[str]:
    """`feed_links_in` of an HTML string."""
    root = parse_text(html)
    return feed_links_in(root, base_url) if root is not None else []
