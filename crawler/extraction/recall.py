"""When trafilatura's main text is looked for again favouring recall, and when the retry is kept.

trafilatura takes one block of the page for the story. Where the story is set
in several sibling blocks (a page builder's sections, a guide cut by boxes), it
takes one of them: the main text is then a small share of the page's words, and
trafilatura favouring recall finds the rest. Its retry also takes chrome, so
the two texts are compared once cleaned, and by their paragraphs: a retry
longer only by teasers, dates and labels is no better.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

# A retry is kept when it holds this many times the first text's words (in paragraphs, see below).
ACCEPT_RATIO = 1.5
# A paragraph: a line of at least this many words. A first text shorter than `below_words` is compared by all
# its words (a page of a few short lines has no paragraph).
PROSE_WORDS = 10
# The page's text for its word count: every text but that of scripts, styles and templates.
_PAGE_TEXTS = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]",
    smart_strings=False,
)


def page_words(tree: Any) -> int:
    """The words of the page's body text (the page-type signals count them too: their count is used when read)."""
    return len(" ".join(_PAGE_TEXTS(tree)).split())


def prose_words(text: str) -> int:
    """The words of a text's lines of PROSE_WORDS words or more."""
    counts = (len(line.split()) for line in text.splitlines())
    return sum(count for count in counts if count >= PROSE_WORDS)


def worth_retrying(words: int, of_page: int, below_words: int, below_share: float) -> bool:
    """Whether a main text of `words` is looked for again: under `below_words`, or under `below_share` of the
    page's `of_page` words."""
    return words < below_words or words < below_share * of_page


def cannot_be_better(retry_words: int, first: str, below_words: int) -> bool:
    """Whether a retry of `retry_words` words before its chrome and cruft lines go can never be kept over `first`
    (`retry_is_better`): that cleaning only takes words away, and a text's paragraphs hold at most its words."""
    first_words = len(first.split())
    if first_words < below_words:
        return retry_words <= ACCEPT_RATIO * first_words
    return retry_words <= ACCEPT_RATIO * prose_words(first)


def retry_is_better(retry: str, first: str, below_words: int) -> bool:
    """Whether the retry's cleaned text is kept over the first's: ACCEPT_RATIO times its words where the first
    has under `below_words`, else ACCEPT_RATIO times its words in paragraphs."""
    if len(first.split()) < below_words:
        return len(retry.split()) > ACCEPT_RATIO * len(first.split())
    return prose_words(retry) > ACCEPT_RATIO * prose_words(first)
