"""Strip what trafilatura leaves of a page's chrome: `text -> CruftResult`.

Works on the extracted text's lines (trafilatura writes one paragraph a line):
cuts the trailing blocks of links and promos, drops known cruft lines and
short all-capitals headings, cuts photo credits, and keeps a repeated
paragraph (a lead repeated as a caption) or the title repeated in the body once.
The rules themselves are data, in `cruft_rules.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.extraction import cruft_rules
from crawler.relevance.scoring import fold

_NON_WORD = re.compile(r"[\W_]+")
# Only lines with one of these can hold a credit: a cheap test before the credit patterns.
_CREDIT_HINT = re.compile(r"photo|reuters|afp|\bap/|getty|epa/|©|\(c\)|cr[ée]dit", re.I)
# A tail heading opens a block to the end only past this share of the text.
_TAIL_MIN_POSITION = 0.4
_CAPS_MAX_WORDS = 8
# A line at least this long (letters and digits) inside an earlier paragraph is a repeat
# (a caption repeating the lead without its dateline); shorter ones may be quotes.
_CONTAINED_MIN_CHARS = 60


@dataclass(frozen=True)
class CruftResult:
    """The cleaned text and how many lines were removed."""

    text: str
    removed: int


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def union(tables: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
        alternatives = [p for patterns in tables.values() for p in patterns]
        return re.compile("(?:" + "|".join(alternatives) + ")")

    credits = re.compile("(?:" + "|".join(cruft_rules.CREDITS) + ")", re.I)
    return union(cruft_rules.LINES), union(cruft_rules.TAIL_HEADINGS), credits


def _key(folded: str) -> str:
    """A line's identity for repeat detection: folded, punctuation and spaces removed."""
    return _NON_WORD.sub("", folded)


def _bare(folded: str) -> str:
    """A folded line with its trailing punctuation and spaces removed."""
    return folded.strip().rstrip(" .:;,!?>»›→-–—|").strip()


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and len(line.split()) <= _CAPS_MAX_WORDS
        and not line.rstrip().endswith((".", "!", "?", "»", '"'))
    )


def _tail_start(lines: list[str], tail: re.Pattern[str]) -> int:
    """Index of the first tail heading past the text's first part, or len(lines)."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= _TAIL_MIN_POSITION and tail.fullmatch(_bare(fold(line))):
            return i
        seen += len(line)
    return len(lines)


def strip_cruft(text: str, title: str | None = None) -> CruftResult:
    """Remove cruft lines from extracted text; the article's own sentences stay."""
    line_rules, tail, credits = _compiled()
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    original = len(lines)
    lines = lines[: _tail_start(lines, tail)]
    kept: list[str] = []
    seen = {_key(fold(title))} if title else set()
    for raw in lines:
        line = credits.sub("", raw).strip() if _CREDIT_HINT.search(raw) else raw
        folded = fold(line)
        bare = _bare(folded)
        if not bare or line_rules.fullmatch(bare) or tail.fullmatch(bare) or _is_caps_heading(line):
            continue
        key = _key(folded)
        if key in seen or (len(key) >= _CONTAINED_MIN_CHARS and any(key in earlier for earlier in seen)):
            continue
        seen.add(key)
        kept.append(line)
    return CruftResult("\n".join(kept), original - len(kept))
