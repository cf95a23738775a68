"""Names a text ties to one of a profile's entities: its subsidiary, brand, former unit or new name, or the firm it owns.

Pure: a text and an entity's pattern in, names out. A story about "Sepura, the radio maker owned by Hytera",
"Honor, the phone brand Huawei spun off" or "HMN Tech, formerly Huawei Marine" is about the listed company although
it may name it once, late: the headline and the lead say the other name. The text says how the two are tied, in one
sentence that names the entity, a word of ownership or of a former name ("subsidiary", "brand", "owned by",
"formerly known as", "filiale", "rachetée par", "anciennement") and the other name, at most `NEAR` words apart. The
relevance stage (`scoring.score_article`) then counts the linked name's places (title, paragraphs) as the entity's
when it judges whether the entity is named widely enough, and reports it as "Name (Entity)" in `topic_matches`; its
mentions add nothing to the score, which the entity's own mentions make.

A name is a run of capitalised words near the word of ownership, one of which is not a dictionary word of the
profile's languages (simplemma's, shipped): "Sepura", "HMN Technologies", not "Several" nor "United States".
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from crawler.relevance.textfold import fold

# Words of ownership and descent, English and French, in folded form (the languages of the project's profiles).
# A former name ties a firm to the entity as ownership does: "HMN Tech, previously known as Huawei Marine Networks".
RELATIONS = re.compile(
    r"(?<!\w)(?:subsidiar(?:y|ies)|units?|divisions?|arm|brands?|spun[ -]off|spin-?off|owned by|owners?|parent|"
    r"acquired by|bought by|sold by|affiliates?|joint[ -]ventures?|filiales?|marques?|proprietaire|maison mere|"
    r"co-?entreprises?|"
    r"rachetee?s? par|cedee?s? par|detenue?s? par|"
    r"(?:formerly|previously) (?:known as|called|named)|formerly|renamed|rebranded|former name|"
    r"anciennement|auparavant (?:appelee?|connue?|nommee?)|rebaptisee?s?|ancien nom)(?!\w)"
)
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w&’'-]*(?:[ -](?:[A-Z0-9][\w&’'-]*))*")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_WORDS = re.compile(r"\w[\w'’-]*")
_MIN_LETTERS = 3  # "US", "UK": too short to be told from an acronym of anything
NEAR = 3  # words at most between a name and the word of ownership that ties it


@lru_cache(maxsize=50_000)
def _known(word: str, languages: tuple[str, ...]) -> bool:
    return bool(languages) and simplemma.is_known(word, lang=languages)


def _is_name(name: str, languages: tuple[str, ...]) -> bool:
    """A firm's or a brand's name: some word of it is not a dictionary word ("Sepura", "HMN Technologies"; not
    "Several", "United States", "Commission"), and it is not a short acronym."""
    words = [w.strip("'’") for w in re.split(r"[ -]+", name) if w.strip("'’")]
    if len(words[0]) < _MIN_LETTERS and len(words) == 1:
        return False
    return any(not _known(w.lower(), languages) and not w.isdigit() for w in words)


def _gap(sentence: str, name: tuple[int, int], tie: tuple[int, int]) -> int:
    """Words between a name and a word of ownership, whichever comes first (a comma is not a word)."""
    start, end = (name[1], tie[0]) if name[0] < tie[0] else (tie[1], name[0])
    return len(_WORDS.findall(sentence[start:end])) if end > start else 0


def linked_names(
    title: str, text: str, entity: re.Pattern[str], known: re.Pattern[str] | None, languages: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Names that a sentence of the text ties to the entity (`entity`, a folded pattern of its spellings) by a word
    of ownership at most `NEAR` words away; names matching `known` (the profile's own terms and entities) and names
    made of dictionary words of `languages` are left out."""
    found: dict[str, None] = {}
    for paragraph in f"{title}\n{text}".split("\n"):
        folded_paragraph = fold(paragraph)
        if entity.search(folded_paragraph) is None or RELATIONS.search(folded_paragraph) is None:
            continue
        for sentence in _SENTENCE.split(paragraph):
            folded = fold(sentence)
            if entity.search(folded) is None:
                continue
            ties = [(m.start(), m.end()) for m in RELATIONS.finditer(folded)]  # folding keeps offsets of plain text
            for match in _NAME.finditer(sentence) if ties else ():
                name = re.sub(r"['’]s$", "", match.group(0).rstrip("'’-"))
                near = any(_gap(sentence, (match.start(), match.end()), tie) <= NEAR for tie in ties)
                if near and entity.search(fold(name)) is None and _is_name(name, languages):
                    if known is None or known.search(fold(name)) is None:
                        found[name] = None
    return tuple(found)
