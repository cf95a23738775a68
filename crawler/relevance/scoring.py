"""Score an extracted article against a topic profile.

Matching is case- and accent-insensitive, on whole words, with light plural
handling ("sanction" finds "sanctions", "liste noire" finds "listes noires",
"interdit" finds "interdites"; a three-letter word only takes an "s");
terms in scripts written without spaces (Chinese, Japanese) match as
substrings. Only the extracted title and text are scored, never the page's
navigation or sidebars. The text is one paragraph a line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from crawler.relevance.profile import Profile, Term, TermGroup
from crawler.text.words import UNSPACED

# Apostrophes made straight, no-break spaces plain, and letters that NFKD does not split.
_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"}
)
# Combining marks (accents) left apart by NFKD decomposition.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Light plurals (and French feminines) of a word; a short word (an acronym) only takes "s": ACC never finds "accès".
_ENDINGS = r"(?:s|x|es|e)?"
_SHORT_ENDINGS = r"s?"


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: the form both sides are matched in."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).casefold()


def _ending(word: str) -> str:
    if not word[-1].isalpha() or len(word) < 3:
        return ""
    return _SHORT_ENDINGS if len(word) == 3 else _ENDINGS


def _term_regex(term: str) -> str:
    folded = fold(term).strip()
    if _CJK.search(folded) or UNSPACED.search(folded):
        return re.escape(folded)
    words = [w for w in re.split(r"[\s\-]+", folded) if w]
    parts = [re.escape(w) + (_ending(w)) for w in words]
    return r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)"


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """A compiled pattern for one term, in folded form."""
    return re.compile(_term_regex(term))


@lru_cache(maxsize=4096)
def spellings_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of the spellings of a term or an entity."""
    return re.compile("|".join(f"(?:{_term_regex(s)})" for s in spellings))


@dataclass(frozen=True)
class _Label:
    """What one match reports, with the pattern of all its spellings and its weight."""

    name: str
    pattern: re.Pattern[str]
    weight: float


def _labels(terms: tuple[Term, ...]) -> tuple[_Label, ...]:
    grouped: dict[str, list[Term]] = {}
    for term in terms:
        grouped.setdefault(term.name, []).append(term)
    return tuple(
        _Label(name, spellings_pattern(tuple(t.text for t in ts)), max(t.weight for t in ts)) for name, ts in grouped.items()
    )


@lru_cache(maxsize=16)
def _compiled(profile: Profile) -> tuple[tuple[tuple[TermGroup, tuple[_Label, ...]], ...], tuple[_Label, ...]]:
    return tuple((g, _labels(g.terms)) for g in profile.groups), _labels(profile.negative_terms)


@dataclass(frozen=True)
class TopicScore:
    """The verdict on one article: score, matched terms, and the required groups it misses."""

    score: float
    matches: tuple[str, ...]
    missing_groups: tuple[str, ...]
    relevant: bool


class _Folded:
    """Folded title and text, and where each paragraph of the text starts."""

    def __init__(self, title: str | None, text: str) -> None:
        self.title = fold(title or "")
        self.text = fold(text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.paragraphs = sum(1 for line in self.text.split("\n") if line.strip())

    def hits(self, label: _Label, profile: Profile) -> tuple[float, bool, set[int]]:
        """Weighted hits (title counts `title_weight`, body capped), in-title, and paragraphs hit."""
        in_title = bool(self.title) and label.pattern.search(self.title) is not None
        positions = [m.start() for m in label.pattern.finditer(self.text)] if self.text else []
        body = min(len(positions), profile.max_hits_per_term)
        paragraphs = {bisect_right(self.starts, p) for p in positions}
        return (profile.title_weight if in_title else 0.0) + body, in_title, paragraphs


def score_article(title: str | None, text: str, profile: Profile) -> TopicScore:
    """Score title and text; relevant when every required group matches widely enough and the score is high enough."""
    doc = _Folded(title, text)
    groups, negatives = _compiled(profile)
    total, matches, missing = 0.0, [], []
    for group, labels in groups:
        matched, in_title, paragraphs = [], False, set[int]()
        for label in labels:
            hits, title_hit, where = doc.hits(label, profile)
            if hits:
                total += group.weight * label.weight * hits
                matched.append(label.name)
                in_title, paragraphs = in_title or title_hit, paragraphs | where
        matches.extend(matched)
        wide = in_title or len(paragraphs) >= min(group.min_paragraphs, doc.paragraphs)
        if group.required and not (matched and wide):
            missing.append(group.name)
    for label in negatives:
        total -= profile.negative_weight * label.weight * doc.hits(label, profile)[0]
    total = round(total, 3)
    relevant = not missing and total >= profile.min_score
    return TopicScore(total, tuple(dict.fromkeys(matches)), tuple(missing), relevant)


def relevance(verdict: TopicScore, profile: Profile) -> float:
    """A verdict as a number in [0, 1]: share of the minimum score reached, times share of required groups matched."""
    required = sum(1 for g in profile.groups if g.required)
    covered = 1.0 - len(verdict.missing_groups) / required if required else 1.0
    reached = max(0.0, min(1.0, verdict.score / profile.min_score)) if profile.min_score > 0 else 1.0
    return round(covered * reached, 4)
