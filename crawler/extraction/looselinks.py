"""Unwrap the links set in loose text before trafilatura reads the tree: `tree -> count`.

trafilatura runs with its links kept (the link blocks need them). A link then
becomes an element of its own, and where it sits in loose text cut into lines
by `<br>` (text and inline markup written straight into a `<div>`, `<section>`
or `<article>` that also holds blocks, not inside a `<p>`), trafilatura keeps
the line's text before the link and the link, and drops the rest of the line
after it ("see the report (" stays, ") for the figures." is lost). Without links
it reads the same line whole. Such a link is unwrapped (its text stays, its tag
goes), so the line reads as it would without links. A link inside a paragraph,
a list item, a cell or a heading, or with no text after it in its run (a list
of links, a linked headline), stays a link; so does one in loose text without
line breaks: unwrapping those changed which part of the page trafilatura took
for the story (a whole story lost on one page).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

# Inline markup that trafilatura strips or carries inside a run of text.
_INLINE = frozenset(
    "a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp small span strike strong sub sup "
    "time tt u var".split()
)
# Blocks trafilatura reads as one paragraph, links and all.
_PARAGRAPHS = frozenset(
    "p li td th h1 h2 h3 h4 h5 h6 dt dd blockquote pre figcaption caption summary label button address".split()
)
# Blocks whose presence makes trafilatura read a holder child by child (and a link as an element of its own).
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl table section article aside header footer nav figure form blockquote pre "
    "main details hr".split()
)
_WORD = re.compile(r"\w")


def _holder(link: Any) -> Any:
    """The nearest ancestor of the link that is not inline markup."""
    parent = link.getparent()
    while parent is not None and parent.tag in _INLINE:
        parent = parent.getparent()
    return parent


def _text_follows(link: Any, holder: Any) -> bool:
    """Whether words follow the link in its run: its tail, or the tail of the inline markup it ends."""
    element = link
    while element is not holder:
        if element.tail and _WORD.search(element.tail):
            return True
        if element.getnext() is not None:
            return False
        element = element.getparent()
    return False


def _in_loose_text(link: Any) -> bool:
    holder = _holder(link)
    if holder is None or holder.tag in _PARAGRAPHS or not _text_follows(link, holder):
        return False
    tags = {child.tag for child in holder if isinstance(child.tag, str)}
    return "br" in tags and not tags.isdisjoint(_BLOCKS)


def unwrap_loose_links(tree: Any) -> int:
    """Unwrap, in place, the links followed by words in loose text; returns how many went."""
    doomed = [link for link in tree.iter("a") if _in_loose_text(link)]
    for link in doomed:
        link.tag = "loose-link"
    if doomed:
        etree.strip_tags(tree, "loose-link")
    return len(doomed)
