"""Patterns of a profile's terms in folded text: whole words, light plurals, and references after a determiner.

Pure. A term matches case- and accent-insensitively (`textfold.fold`), on whole words, with light plurals and
French feminines ("sanction" finds "sanctions", "interdit" finds "interdites"; a three-letter word, an acronym, only
takes an "s"); a term in a script written without spaces (Chinese, Japanese) matches as a substring. A group's
references ("the Chinese group") match only after a definite determiner.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.relevance.profile import TermGroup
from crawler.relevance.textfold import fold
from crawler.text.words import UNSPACED

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Light plurals (and French feminines) of a word; a short word (an acronym) only takes "s": ACC never finds "accès".
_ENDINGS = r"(?:s|x|es|e)?"
_SHORT_ENDINGS = r"s?"
_SIBILANT_ENDINGS = r"(?:es?)?"
# What comes before a reference to a named entity: "the Chinese group", "le groupe chinois", "du", "l'équipementier".
_DETERMINER = r"(?<!\w)(?:(?:the|this|le|la|du|au|ce|cet|cette)\s+|l')"


def _ending(word: str) -> str:
    if not word[-1].isalpha() or len(word) < 3:
        return ""
    if word[-1] in "sxz":  # already a plural form, or a word that does not take one: "Congrès" never finds "Congress"
        return _SIBILANT_ENDINGS
    return _SHORT_ENDINGS if len(word) == 3 else _ENDINGS


def term_words(folded: str) -> list[str]:
    """A folded term's words, split on spaces and hyphens."""
    return [w for w in re.split(r"[\s\-]+", folded) if w]


def term_regex(term: str) -> str:
    folded = fold(term).strip()
    if CJK.search(folded) or UNSPACED.search(folded):
        return re.escape(folded)
    words = term_words(folded)
    parts = [re.escape(w) + (_ending(w)) for w in words]
    return r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)"


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """A compiled pattern for one term, in folded form."""
    return re.compile(term_regex(term))


@lru_cache(maxsize=4096)
def spellings_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of the spellings of a term or an entity."""
    return re.compile("|".join(f"(?:{term_regex(s)})" for s in spellings))


def references_pattern(group: TermGroup) -> re.Pattern[str] | None:
    """One pattern for the group's references, each after a definite determiner; None without any."""
    if not group.references:
        return None
    spellings = sorted({t.text for t in group.references}, key=len, reverse=True)
    return re.compile(_DETERMINER + "(?:" + "|".join(f"(?:{term_regex(s)})" for s in spellings) + ")")
