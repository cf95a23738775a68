"""Score an extracted article against a topic profile.

Matching is case- and accent-insensitive, on whole words, with light plural
handling ("sanction" finds "sanctions"); terms in scripts written without
spaces (Chinese, Japanese) match as substrings. Only the extracted title and
text are scored, never the page's navigation or sidebars.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from crawler.relevance.profile import Profile, TermGroup

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})
# Combining marks (accents) left apart by NFKD decomposition.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: the form both sides are matched in."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).casefold()


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """A compiled pattern for one term, in folded form."""
    folded = fold(term).strip()
    if _CJK.search(folded):
        return re.compile(re.escape(folded))
    words = [re.escape(w) for w in re.split(r"[\s\-]+", folded) if w]
    body = r"[\s\-]+".join(words)
    plural = r"(?:s|x|es)?" if words and words[-1][-1:].isalpha() else ""
    return re.compile(rf"(?<!\w){body}{plural}(?!\w)")


@dataclass(frozen=True)
class TopicScore:
    """The verdict on one article: score, matched terms, and the first reason it fails."""

    score: float
    matches: tuple[str, ...]
    missing_groups: tuple[str, ...]
    relevant: bool


def _hits(pattern: re.Pattern[str], title: str, text: str, profile: Profile) -> float:
    in_title = profile.title_weight if pattern.search(title) else 0.0
    in_text = min(len(pattern.findall(text)), profile.max_hits_per_term)
    return in_title + in_text


def _group_score(group: TermGroup, title: str, text: str, profile: Profile) -> tuple[float, list[str]]:
    score, matched = 0.0, []
    for term in group.terms:
        hits = _hits(term_pattern(term), title, text, profile)
        if hits:
            score += group.weight * hits
            matched.append(term)
    return score, matched


def score_article(title: str | None, text: str, profile: Profile) -> TopicScore:
    """Score title and text; relevant when every required group matches and the score is high enough."""
    ftitle, ftext = fold(title or ""), fold(text)
    total, matches, missing = 0.0, [], []
    for group in profile.groups:
        score, matched = _group_score(group, ftitle, ftext, profile)
        total += score
        matches.extend(matched)
        if group.required and not matched:
            missing.append(group.name)
    for term in profile.negative_terms:
        hits = _hits(term_pattern(term), ftitle, ftext, profile)
        total -= profile.negative_weight * hits
    total = round(total, 3)
    relevant = not missing and total >= profile.min_score
    return TopicScore(total, tuple(dict.fromkeys(matches)), tuple(missing), relevant)
