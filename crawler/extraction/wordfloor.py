"""How many words an article needs: `(WordFloor, what the page says) -> int`.

A text under `min_words` (VALIDATE_MIN_WORDS, 60) is not an article, with one
exception: a news brief of a few sentences is one when the page itself says so,
and says it whole. Its floor is then `brief_min_words`
(VALIDATE_BRIEF_MIN_WORDS, 30) when all of these hold:

- the page declares itself an article: `og:type` article or a schema.org story
  type (`NewsArticle`, `BlogPosting`, `Article`...) in its JSON-LD or microdata;
- the page-type decision is confident: its score at least `brief_min_score`
  (VALIDATE_BRIEF_MIN_SCORE, 1.0) above the threshold, where any score above it
  makes an article;
- the text is the page's whole main text, not a teaser: not flagged
  `truncated` (it stops on an ellipsis, or short of a sentence's end) nor
  `paywalled`.

The numbers were set beforehand, not fitted: 30 is where the briefs of news
agencies start (two or three sentences), 1.0 is the weight the page type gives a
site's own listing of a page as a story.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

# Quality flags that say the text is not the whole story.
TEASER_FLAGS = frozenset({"truncated", "paywalled"})


@dataclass(frozen=True)
class WordFloor:
    """The word floors of validation; from the VALIDATE_* settings."""

    min_words: int = 60
    brief_min_words: int = 30
    brief_min_score: float = 1.0


@dataclass(frozen=True)
class BriefSigns:
    """What the page says of itself, as extraction read it."""

    declared: bool = False  # og:type article or a schema.org story type
    type_margin: float | None = None  # the page-type score minus its threshold (None: no decision made)
    flags: Collection[str] = ()  # the text's quality flags


def word_floor(floor: WordFloor, signs: BriefSigns) -> int:
    """The fewest words the text may have to be an article."""
    brief = signs.declared and signs.type_margin is not None and signs.type_margin >= floor.brief_min_score
    if brief and not TEASER_FLAGS.intersection(signs.flags):
        return min(floor.min_words, floor.brief_min_words)
    return floor.min_words
