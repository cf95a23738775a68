"""Strip what trafilatura leaves of a page's chrome: `text -> CruftResult`.

Works on the extracted text's lines (trafilatura writes one paragraph a line):
cuts the trailing blocks of links and promos, drops known cruft lines, cuts
photo credits, drops the title where the body repeats it at its start, and
keeps a repeated paragraph (a lead repeated as a caption) once; short lines
may repeat (the labels of a recipe or a plan, a quote). The rules
themselves are data, in `cruft_rules.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.extraction import cruft_rules
from crawler.relevance.textfold import fold

_NON_WORD = re.compile(r"[\W_]+")
_ADDRESS_LINE = re.compile(r"https?://\S+")
# Only lines with one of these can hold a credit: a cheap test before the credit patterns.
_CREDIT_HINT = re.compile(r"photo|reuters|afp|\bap/|getty|epa/|©|\(c\)|cr[ée]dit", re.I)
# A tail heading opens a block to the end only past this share of the text.
_TAIL_MIN_POSITION = 0.4
# After a tail heading, two lines in a row of at least this many words are the story again.
_RESUME_MIN_WORDS = 30
# A line at least this long (letters and digits) that repeats an earlier paragraph, or sits inside
# one, is a repeat (a caption repeating the lead without its dateline); shorter ones may be quotes,
# or the labels of a table, a recipe or a plan that come back in each of its parts.
_CONTAINED_MIN_CHARS = 60
# The title is looked for among the first lines; a line inside the title (or holding it)
# counts as the title when the shorter is at least this share of the longer.
_TITLE_LINES = 3
_TITLE_OVERLAP = 0.6
# What separates a page title's parts (story, section, site); a part shorter than this is a name, not a story's title.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•]+\s+")
_TITLE_PART_MIN_CHARS = 15
# A line that is only a photo credit (a name, no year: not a copyright notice), and the most words of the
# caption line above it.
_CREDIT_LINE = re.compile(r"(©|\(c\))\s*[^\W\d_](?:[^\W\d_]|[ .,'/&-]){1,49}")
_CAPTION_MAX_WORDS = 25
# How an excerpt ends: an ellipsis, bracketed or not.
_EXCERPT_END = re.compile(r"(\.\.\.|…|\[(\.\.\.|…)\])\W*$")


@dataclass(frozen=True)
class CruftResult:
    """The cleaned text and how many lines were removed."""

    text: str
    removed: int
    folded: str = ""  # the input's non-empty lines, stripped and folded, one a line (what quality.py searches)


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def union(tables: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
        alternatives = [p for patterns in tables.values() for p in patterns]
        return re.compile("(?:" + "|".join(alternatives) + ")")

    credits = re.compile("(?:" + "|".join(cruft_rules.CREDITS) + ")", re.I)
    lines = union({"any": cruft_rules.SHAPES, **cruft_rules.LINES})
    return lines, union(cruft_rules.TAIL_HEADINGS), credits


def identity(folded: str) -> str:
    """A line's identity for repeat detection: folded, punctuation and spaces removed."""
    return _NON_WORD.sub("", folded)


def _bare(folded: str) -> str:
    """A folded line without the bullets, pipes and punctuation around it."""
    return folded.strip(" \t-–—•*|>»›→.:;,!?").strip()


def _tail_start(lines: list[str], folded: list[str], tail: re.Pattern[str]) -> int:
    """Index of the first tail heading past the text's first part, or len(lines)."""
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen / total >= _TAIL_MIN_POSITION and tail.fullmatch(_bare(folded[i])):
            return i
        seen += len(line)
    return len(lines)


def _resume_after(lines: list[str], start: int) -> int:
    """Where the story resumes after a tail heading: the first of two running paragraphs in a row, or len(lines).

    A "related articles" box set inside a story is a heading and short teaser lines; the story's own
    paragraphs after it come back as long lines, one after another.
    """
    for j in range(start + 1, len(lines) - 1):
        if len(lines[j].split()) >= _RESUME_MIN_WORDS and len(lines[j + 1].split()) >= _RESUME_MIN_WORDS:
            return j
    return len(lines)


def _without_tail_blocks(lines: list[str], folded: list[str], tail: re.Pattern[str]) -> tuple[list[str], list[str]]:
    """The lines (and folded forms) without each tail heading and the teaser lines after it, up to where the story resumes."""
    start = _tail_start(lines, folded, tail)
    if start >= len(lines):
        return lines, folded
    resume = _resume_after(lines, start)
    if resume >= len(lines):
        return lines[:start], folded[:start]
    rest, rest_folded = _without_tail_blocks(lines[resume:], folded[resume:], tail)
    return lines[:start] + rest, folded[:start] + rest_folded


def _is_title(folded: str, title_keys: tuple[str, ...]) -> bool:
    key = identity(folded)
    if not key:
        return False
    for title_key in title_keys:
        if key == title_key:
            return True
        shorter, longer = sorted((key, title_key), key=len)
        if shorter in longer and len(shorter) >= _TITLE_OVERLAP * len(longer):
            return True
    return False


def _title_keys(title: str | None) -> tuple[str, ...]:
    """The title's identity, and those of its parts when it holds the site's or the section's name
    ("Story | Section | Site", "Section - Story"): a line may repeat the story's part only."""
    folded = fold(title or "")
    parts = [folded, *(part for part in _TITLE_SEPARATOR.split(folded) if part != folded)]
    keys = [identity(part) for part in parts]
    return tuple(dict.fromkeys(key for key in keys if len(key) >= _TITLE_PART_MIN_CHARS))


def _without_title(lines: list[str], folded: list[str], title: str | None) -> tuple[list[str], list[str]]:
    """The lines (and their folded forms) without those of the first few that repeat the title, and
    without a bare address before them (the page's own link printed above the story)."""
    while lines and _ADDRESS_LINE.fullmatch(lines[0]):
        lines, folded = lines[1:], folded[1:]
    title_keys = _title_keys(title)
    if not title_keys:
        return lines, folded
    head = [i for i in range(min(_TITLE_LINES, len(lines))) if _is_title(folded[i], title_keys)]
    keep = [i for i in range(len(lines)) if i not in head]
    return [lines[i] for i in keep], [folded[i] for i in keep]


def _without_captions(lines: list[str], folded: list[str]) -> tuple[list[str], list[str]]:
    """The lines without photo captions: a short line right above a line that is only a credit ("© Name")."""
    doomed: set[int] = set()
    for i in range(1, len(lines)):
        if _CREDIT_LINE.fullmatch(folded[i]) and len(lines[i - 1].split()) <= _CAPTION_MAX_WORDS:
            doomed.update((i - 1, i))
    keep = [i for i in range(len(lines)) if i not in doomed]
    return [lines[i] for i in keep], [folded[i] for i in keep]


def strip_cruft(text: str, title: str | None = None) -> CruftResult:
    """Remove cruft lines from extracted text; the article's own sentences stay."""
    line_rules, tail, credits = _compiled()
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    folded_lines = [fold(line) for line in lines]  # each line folded once
    folded_input = "\n".join(folded_lines)
    original = len(lines)
    lines, folded_lines = _without_tail_blocks(lines, folded_lines, tail)
    lines, folded_lines = _without_title(lines, folded_lines, title)
    lines, folded_lines = _without_captions(lines, folded_lines)
    kept: list[str | None] = []
    seen: dict[str, int] = {}  # a kept line's identity, and its place in `kept`
    excerpts: set[str] = set()  # the identities of kept lines that end on an ellipsis
    for raw, folded in zip(lines, folded_lines, strict=True):
        line = raw
        if _CREDIT_HINT.search(raw):
            line = credits.sub("", raw).strip()
            folded = fold(line) if line != raw else folded
        bare = _bare(folded)
        if not bare or line_rules.fullmatch(bare) or tail.fullmatch(bare):
            continue
        key = identity(folded)
        if len(key) >= _CONTAINED_MIN_CHARS:
            holders = [earlier for earlier in seen if key in earlier]
            if holders and not all(earlier in excerpts for earlier in holders):
                continue
            for earlier in holders:  # an excerpt of the story's lines ("... [...]"): the lines stay, it goes
                kept[seen[earlier]] = None
        seen[key] = len(kept)
        if _EXCERPT_END.search(folded):
            excerpts.add(key)
        kept.append(line)
    lines_kept = [line for line in kept if line is not None]
    return CruftResult("\n".join(lines_kept), original - len(lines_kept), folded_input)
