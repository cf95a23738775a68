"""A page's bounds before and after extraction: junk refused, giant pages refused, deep pages flattened.

`screen_body` runs before any parse: a binary file is refused ("binary"), a page
with far more elements than any real article is refused ("too_complex"), and a
page nested deeper than libxml2 can parse is flattened so it keeps its text.
`screen_text` judges what came out: mostly U+FFFD is junk ("binary"), more than
1% is a garbled decode ("garbled"), longer than any real article is refused
("too_long"). Each returns the reason and a detail, or None: the caller raises.
The defaults come from 2,668 real pages (scripts/measure_page_sizes.py):
at most 15,795 elements, nesting 56 deep, an article text of 53,372 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.extraction.binary import binary_kind, replacement_share
from crawler.extraction.markup import scan_markup

_OPENING_TAG = re.compile(rb"<[A-Za-z]")
# An element this deep means libxml2 (which stops at about 255) may have dropped the rest of the page.
_PARSER_DEPTH = 250
_AT_PARSER_DEPTH = etree.XPath("boolean(/" + "/".join(["*"] * _PARSER_DEPTH) + ")")
# A decoded page with more than this share of U+FFFD is not text at all.
_JUNK_SHARE = 0.1

Refusal = tuple[str, str]


@dataclass(frozen=True)
class PageBounds:
    """Bounds on one page's work and on what it may yield; built once from the EXTRACT_* settings."""

    max_elements: int = 50_000  # elements parsed at most (real article pages: 15,795 at most)
    max_depth: int = 200  # tags nested deeper are removed before the parse, their text kept
    max_text_chars: int = 150_000  # an article text longer than this is refused (real: 53,372 at most)
    max_replacement_share: float = 0.01  # an article text with more U+FFFD than this is refused


@dataclass(frozen=True)
class Screened:
    """The body to parse (flattened if it was too deep), or why the page is refused."""

    body: bytes
    refusal: Refusal | None = None
    flattened: int = 0


def screen_body(body: bytes, bounds: PageBounds) -> Screened:
    """Refuse binary files and pages with too many elements; flatten those with too many that are mostly nesting."""
    kind = binary_kind(body)
    if kind:
        return Screened(body, ("binary", f"a {kind} file by its first bytes"))
    # Every opening tag starts with "<": a page with few of them needs no count of its tags.
    if body.count(b"<") <= bounds.max_elements or len(_OPENING_TAG.findall(body)) <= bounds.max_elements:
        return Screened(body)
    markup = scan_markup(body, bounds.max_depth)  # one pass; only for pages past the bound
    if markup.elements > bounds.max_elements:
        return Screened(body, ("too_complex", f"{markup.elements} elements > {bounds.max_elements}"))
    return Screened(markup.body, flattened=markup.flattened)


def flatten_if_cut(body: bytes, tree: Any, bounds: PageBounds) -> bytes | None:
    """The body flattened when its parsed tree reached libxml2's depth limit (the rest was dropped), else None."""
    if tree is None or not _AT_PARSER_DEPTH(tree.getroottree()):
        return None
    markup = scan_markup(body, bounds.max_depth)
    return markup.body if markup.flattened else None


def screen_text(text: str, bounds: PageBounds, whole_page: bool = False) -> Refusal | None:
    """A decoded page (`whole_page`) that is mostly U+FFFD is junk; an article text garbled or too long is refused."""
    share = replacement_share(text)
    if whole_page:
        return ("binary", f"{share:.0%} of the decoded page is U+FFFD") if share > _JUNK_SHARE else None
    if share > bounds.max_replacement_share:
        return "garbled", f"{share:.1%} of the text is U+FFFD"
    if len(text) > bounds.max_text_chars:
        return "too_long", f"{len(text)} characters > {bounds.max_text_chars}"
    return None
