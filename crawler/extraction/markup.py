"""The shape of a page's markup, read from its bytes before any parse: how many elements, how deep.

A parser's work grows with the elements, so a page with far more than any real
article (a 100k-row table) is refused before trafilatura sees it. libxml2 stops
at a nesting depth of about 255 and drops everything below: a page wrapped in
100k <div>s would lose its text, so tags nested deeper than a bound are removed
(their text kept) before the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extraction.binary import binary_kind

_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Elements that never have an end tag, or whose end tag may be left out: they do not nest deeper.
_FLAT = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li dt dd tr td th tbody thead tfoot option optgroup colgroup caption rb rt rp html head body".split()
)
# Elements whose content is text, not markup (their '<' are not tags).
_RAW = frozenset({b"script", b"style", b"textarea", b"xmp", b"plaintext", b"noscript"})
_RAW_TEXT = re.compile(rb"<(?:script|style|textarea|xmp|plaintext|noscript)", re.IGNORECASE)
# Bodies with fewer tags than this cannot be too deep nor too big: not scanned.
_SCAN_FROM_TAGS = 250


@dataclass(frozen=True)
class Markup:
    """What the scan found: the body to parse (flattened if it was too deep), its elements, its deepest nesting."""

    body: bytes
    elements: int
    depth: int
    flattened: int = 0  # tags removed for being nested too deep


def tag_count(body: bytes) -> int:
    """A cheap upper bound of a body's tags (every '<'), for a size check without a parse."""
    return body.count(b"<")


def too_heavy(body: bytes, max_tags: int) -> bool:
    """A binary file, or a page with more than `max_tags` tags: too costly to parse where time is short."""
    return binary_kind(body) is not None or tag_count(body) > max_tags


def scan_markup(body: bytes, max_depth: int) -> Markup:
    """Count the elements and the nesting depth; tags nested deeper than `max_depth` are removed, their text kept."""
    if tag_count(body) < _SCAN_FROM_TAGS:
        return Markup(body, tag_count(body), 0)
    depth = deepest = elements = removed = removed_open = 0
    keep: list[bytes] = []
    start = position = 0
    lowered = body.lower() if _RAW_TEXT.search(body) else body
    while (found := _TAG.search(body, position)) is not None:
        position = found.end()
        closing, name, self_closing = found.group(1), found.group(2).lower(), found.group(3)
        if name in _RAW and not closing:  # a script's or style's text is not markup: skip to its end tag
            end = lowered.find(b"</" + name, position)
            position = len(body) if end < 0 else end
        if name in _FLAT or self_closing:
            elements += not closing
            continue
        if closing:
            too_deep = depth > max_depth
            depth = max(depth - 1, 0)
        else:
            elements += 1
            depth += 1
            deepest = max(deepest, depth)
            too_deep = depth > max_depth
        if too_deep:
            keep.append(body[start : found.start()])
            start = found.end()
            removed += 1
            removed_open += not closing
    if not removed:
        return Markup(body, elements, deepest)
    keep.append(body[start:])
    return Markup(b"".join(keep), elements - removed_open, deepest, removed)
