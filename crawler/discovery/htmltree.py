"""One parse of an HTML page for discovery, bounded in size: the tree every reader of the page shares.

Pure: bytes in, an lxml tree out. The crawl's main process reads each HTML
page once (feed links, links, page kind, page text all come from this tree)
and only its first `max_bytes`: a 5 MB page costs no more than a 1 MB one, so
it never holds up the other hosts' pages. Extraction, in worker processes,
still gets the whole body.
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from crawler.extraction.decoding import decode_html

_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=False)


def parse_html(body: bytes, content_type: str | None = None, max_bytes: int = 0) -> etree._Element | None:
    """The tree of the page's first `max_bytes` bytes (all of them when 0); None when there is nothing to parse."""
    head = body
    if max_bytes and len(body) > max_bytes:  # cut after a tag's end: never inside a multi-byte character
        head = body[:max_bytes]
        head = head[: head.rfind(b">") + 1] or head
    text = decode_html(head, content_type).text
    return parse_text(text)


def parse_text(html: str) -> etree._Element | None:
    """The tree of an HTML string; None for an empty or unparsable one."""
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def base_of(root: etree._Element, page_url: str) -> str:
    """The URL relative links resolve against: `<base href>` resolved on the page's URL, else the page's URL."""
    for href in root.xpath("//base/@href"):
        value = str(href).strip()
        if value:
            try:
                return urljoin(page_url, value)
            except ValueError:
                return page_url
    return page_url
