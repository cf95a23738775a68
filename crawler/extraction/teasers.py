"""Take the teasers of other pages out of a parsed page before its main text is looked for: `tree -> count`.

A story's page often holds, inside the story's own container, cards that lead
to other stories: an `<article>` set inside another `<article>` (HTML's own
way to nest a related item), short, and leading with a link. trafilatura takes
their excerpts for paragraphs of the story; they are removed from the tree
first. A nested article that is long (a quoted post, a comment thread's first
message) or has no link stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TeaserConfig:
    """A nested `<article>` of at most `max_words` words that holds a link is a teaser."""

    max_words: int = 150


def _is_teaser(element: Any, config: TeaserConfig) -> bool:
    if element.find(".//a[@href]") is None:
        return False
    return len(element.text_content().split()) <= config.max_words


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


def prune_teasers(tree: Any, config: TeaserConfig | None = None) -> int:
    """Remove the teaser cards nested in an `<article>` from the tree in place; returns how many went."""
    config = config or TeaserConfig()
    removed: list[Any] = []
    for element in list(tree.iterfind(".//article//article")):
        if any(ancestor in removed for ancestor in element.iterancestors("article")):
            continue
        if element.getparent() is not None and _is_teaser(element, config):
            _remove_keeping_tail(element)
            removed.append(element)
    return len(removed)
