"""Take the boxes that are not the story out of a parsed page before its main text is looked for: `tree -> count`.

A story's page often holds, inside the story's own container, boxes that
trafilatura takes for paragraphs of the story:
- cards leading to other stories: an `<article>` set inside another `<article>`
  (HTML's own way to nest a related item), short, and holding a link;
- the author's box: an element whose class or id names an author's bio or box
  (the conventional names of blog and CMS themes, not any one site's), or that
  the page's microdata marks as the author (`itemprop="author"`) and that holds
  a few sentences, not only a name (the only one on the page: a thread marks
  the poster of every message so).
They are removed from the tree first. A nested article that is long (a quoted
post, a thread's first message, a section of a listicle whose links are a
small part of its text) or has no link stays; a long comment still goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.extraction.roleboxes import read_names

# Class and id words of an author's box (WordPress and CMS theme conventions).
_AUTHOR_BOX = re.compile(
    r"(?:^|[-_ ])(?:author-?bio|author-?box|about-?the-?author|author-?info|author-?description|autor-?box|"
    r"autorenbox|bio-?box)(?:$|[-_ ])",
    re.I,
)
_AUTHOR_BOX_LOWER = re.compile(_AUTHOR_BOX.pattern)  # the same answers for ASCII text once lower-cased, faster
# Elements the page's microdata marks as the author: a byline holds a name, a box a description too.
# (Read as the parents of the attributes: a third cheaper than testing every element, the same elements in order.)
_MICRODATA_AUTHOR = etree.XPath('descendant-or-self::*/@itemprop[. = "author"]/..')


@dataclass(frozen=True)
class AsideConfig:
    """A nested `<article>` of at most `max_teaser_words` words that holds a link is a teaser."""

    max_teaser_words: int = 150
    # A nested article of at least this many words whose links hold less than this share of them is a
    # section of the story (a listicle's item, a chapter with its own heading), unless it is a comment or
    # opens with a link (a teaser's headline over a long standfirst).
    min_section_words: int = 80
    max_section_link_share: float = 0.1
    # An element marked `itemprop="author"` of this many words is an author's box (fewer: a byline, left
    # to the cruft rules; more: not a box).
    min_author_box_words: int = 12
    max_author_box_words: int = 150


# Class and id words of a comment or a forum message: these go whatever their length.
_COMMENT = re.compile(r"(?:^|[-_ ])(?:comments?|reply|replies|message|messages)(?:$|[-_ ])", re.I)


def _opens_with_link(element: Any, links: list[Any]) -> bool:
    """A card whose text opens with a link's text: a teaser's headline (its standfirst may be long)."""
    texts = [" ".join(a.text_content().split()) for a in links]
    first = next((t for t in texts if t), "")
    return bool(first) and " ".join(element.text_content().split()).startswith(first[:20])


def _is_section(element: Any, words: int, config: AsideConfig) -> bool:
    if words < config.min_section_words or _COMMENT.search(f"{element.get('class', '')} {element.get('id', '')}"):
        return False
    links = list(element.iterfind(".//a[@href]"))
    linked = sum(len(a.text_content().split()) for a in links)
    return linked < config.max_section_link_share * words and not _opens_with_link(element, links)


def _is_teaser(element: Any, config: AsideConfig) -> bool:
    if element.find(".//a[@href]") is None:
        return False
    words = len(element.text_content().split())
    return words <= config.max_teaser_words and not _is_section(element, words, config)


def _is_author_box(element: Any) -> bool:
    words = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(words.strip()) and bool(_AUTHOR_BOX.search(words))


def _may_hold_author_box(names: frozenset[str]) -> bool:
    """False when no class or id of the page (`read_names`: its class, id and role values) names an author's box.

    The pattern's words hold no space and a space bounds them: an element whose class or id has a match makes a
    match in all the values joined by spaces, in any order.
    """
    values = " ".join(names)
    return bool(_AUTHOR_BOX_LOWER.search(values.lower()) if values.isascii() else _AUTHOR_BOX.search(values))


def _remove_keeping_tail(element: Any) -> None:
    """Remove an element; the text after it stays in its parent."""
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def prune_asides(tree: Any, config: AsideConfig | None = None, names: frozenset[str] | None = None) -> int:
    """Remove teaser cards nested in an `<article>` and author boxes from the tree in place; returns how many went.
    `names`: the page's `read_names`, where already read from the unchanged tree."""
    config = config or AsideConfig()
    doomed = [el for el in tree.iterfind(".//article//article") if _is_teaser(el, config)]
    if _may_hold_author_box(read_names(tree) if names is None else names):
        doomed += [el for el in tree.iter() if isinstance(el.tag, str) and _is_author_box(el)]
    marked = [
        el for el in _MICRODATA_AUTHOR(tree)
        if config.min_author_box_words <= len(el.text_content().split()) <= config.max_author_box_words
    ]
    if len(marked) == 1:  # one per post or comment: a thread's posters, whose boxes frame their posts
        doomed += marked
    removed: set[Any] = set()
    for element in doomed:
        if element in removed or element.getparent() is None or any(a in removed for a in element.iterancestors()):
            continue
        _remove_keeping_tail(element)
        removed.add(element)
    return len(removed)
