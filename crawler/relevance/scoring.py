"""Score an extracted article against a topic profile.

Matching is case- and accent-insensitive, on whole words, with light plural
handling ("sanction" finds "sanctions", "liste noire" finds "listes noires",
"interdit" finds "interdites"; a three-letter word only takes an "s");
terms in scripts written without spaces (Chinese, Japanese) match as
substrings (`termpatterns.py`). On top of that, each term is matched by its words' lemmas in the
profile's languages (`lemmas.py`): "ban" finds "banned", "exclure" finds
"exclut"; a term's hits are the more of the two ways. Terms of a group that share
a lemma ("ban", "banned", "banning") are one label: a mention counts once. Only
the extracted title and text are scored, never the page's navigation or
sidebars. The text is one paragraph a line; a required group is named widely
enough when it is in the title, in the lead (the first two paragraphs), or in
`min_paragraphs` paragraphs. A group's `references` ("the Chinese group", "le
constructeur de Shenzhen"), after a definite determiner and after the first
mention of the group's one named entity, count as more mentions of it (up to
`max_hits_per_term`): they add to the score, never to the places it is named in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from crawler.relevance.lemmas import lemma_form, term_lemma, text_languages
from crawler.relevance.linked import linked_names
from crawler.relevance.profile import Profile, Term, TermGroup
from crawler.relevance.termpatterns import CJK, references_pattern, term_words
from crawler.relevance.termpatterns import spellings_pattern as spellings_pattern
from crawler.relevance.termpatterns import term_pattern as term_pattern
from crawler.relevance.textfold import fold as fold
from crawler.text.words import UNSPACED

_WORD = re.compile(r"\w+")
# A group named in the opening paragraphs (the lead, which says what and whom the story is about) is named widely
# enough, even once: later paragraphs say "the company", "the group". A name further down must recur.
LEAD_PARAGRAPHS = 2


@dataclass(frozen=True)
class _Starts:
    """What a text must hold for one of a label's spellings to match in it: a spelling's folded first word (give or
    take a plural ending) among its words, or a spelling in a script written without spaces as a substring."""

    words: frozenset[str]
    unspaced: tuple[str, ...] = ()

    def possible(self, stems: frozenset[str], texts: tuple[str, ...]) -> bool:
        if not self.words.isdisjoint(stems):
            return True
        return any(part in text for part in self.unspaced for text in texts)


def _starts(spellings: tuple[str, ...]) -> _Starts | None:
    """The label's `_Starts`; None when a spelling starts with no plain word ("at&t"): such a label is always searched."""
    words, unspaced = set(), []
    for spelling in spellings:
        folded = fold(spelling).strip()
        if CJK.search(folded) or UNSPACED.search(folded):
            unspaced.append(folded)
            continue
        first = next(iter(term_words(folded)), "")
        if not _WORD.fullmatch(first):
            return None
        words.add(first)
    return _Starts(frozenset(words), tuple(unspaced))


def _stems(*texts: str) -> frozenset[str]:
    """Every word of the texts, also without its last one or two letters: what a term's first word, followed by at
    most a two-letter ending (`termpatterns._ENDINGS`), can be."""
    words = {w for text in texts for w in _WORD.findall(text)}
    return frozenset(words | {w[:-1] for w in words} | {w[:-2] for w in words})


@dataclass(frozen=True)
class _Label:
    """What one match reports, with the patterns of all its spellings (as written, as lemmas), the first words they
    start with (a quick test before the patterns run), and its weight."""

    name: str
    pattern: re.Pattern[str]
    weight: float
    lemma_pattern: re.Pattern[str] | None = None
    starts: _Starts | None = None
    lemma_starts: _Starts | None = None
    entity: bool = False  # an entity's name and spellings: names the text ties to it count in its places


def _labels(terms: tuple[Term, ...], languages: tuple[str, ...]) -> tuple[_Label, ...]:
    # Terms with one name (an entity's spellings), or with the same lemma ("ban", "banned", "banning"), are one label:
    # a mention counts once, not once per form the profile lists. The label is named after its first term.
    grouped: dict[str, list[Term]] = {}
    by_lemma: dict[str, str] = {}
    for term in terms:
        key = "" if term.label or CJK.search(term.text) else term_lemma(term.text, term.lang, languages)
        name = by_lemma.setdefault(key, term.name) if key else term.name
        grouped.setdefault(name, []).append(term)
    labels = []
    for name, ts in grouped.items():
        # Names (an entity's spellings) and CJK terms do not inflect: only other terms get a pass over the lemma form.
        words = [t for t in ts if not t.label and not CJK.search(t.text)]
        lemmas = tuple(dict.fromkeys(x for x in (term_lemma(t.text, t.lang, languages) for t in words) if x))
        lemma = spellings_pattern(lemmas) if lemmas else None
        spellings = tuple(t.text for t in ts)
        weight = max(t.weight for t in ts)
        lemma_starts = _starts(lemmas) if lemmas else None
        entity = any(t.label for t in ts)
        labels.append(_Label(name, spellings_pattern(spellings), weight, lemma, _starts(spellings), lemma_starts, entity))
    return tuple(labels)


_Group = tuple[TermGroup, tuple[_Label, ...], re.Pattern[str] | None]
_Compiled = tuple[tuple[_Group, ...], tuple[_Label, ...], re.Pattern[str]]


@lru_cache(maxsize=16)
def _compiled(profile: Profile) -> _Compiled:
    langs = profile.languages
    groups = tuple((g, _labels(g.terms, langs), references_pattern(g)) for g in profile.groups)
    negatives = _labels(profile.negative_terms, langs)
    known = spellings_pattern(tuple(sorted({t.text for g in profile.groups for t in g.terms}, key=len, reverse=True)))
    return groups, negatives, known


@dataclass(frozen=True)
class TopicScore:
    """The verdict on one article: score, matched terms, and the required groups it misses (or never names)."""

    score: float
    matches: tuple[str, ...]
    missing_groups: tuple[str, ...]
    relevant: bool
    unmatched_groups: tuple[str, ...] = ()  # required groups without a single match (a subset of missing_groups)
    spread: int = 0  # places (the title, each paragraph) where a required group matches: 1 = one "read also" line
    weakest: float = 0.0  # the score of the required group that scores least (before the group's weight): 0 = one unnamed


def _paragraph_hits(pattern: re.Pattern[str], text: str, starts: list[int]) -> tuple[int, set[int]]:
    positions = [m.start() for m in pattern.finditer(text)] if text else []
    return len(positions), {bisect_right(starts, p) for p in positions}


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


class _Folded:
    """Folded title and text, their lemma forms, and where each paragraph starts."""

    def __init__(self, title: str | None, text: str, languages: tuple[str, ...] = ()) -> None:
        self.title = fold(title or "")
        self.text = fold(text)
        self.starts = _line_starts(self.text)
        self.paragraphs = sum(1 for line in self.text.split("\n") if line.strip())
        langs = text_languages(f"{title or ''}\n{text}", languages)
        self.languages = langs
        self.lemma_title = lemma_form(title or "", langs)
        self.lemma_text = lemma_form(text, langs)
        self.lemma_starts = _line_starts(self.lemma_text)
        self.stems = _stems(self.title, self.text)
        self.lemma_stems = _stems(self.lemma_title, self.lemma_text)

    def may_match(self, label: _Label) -> bool:
        """Whether a spelling of the label can be in the text, as written or as lemmas (no: it need not be searched)."""
        if label.starts is None or label.starts.possible(self.stems, (self.title, self.text)):
            return True
        if label.lemma_pattern is None:
            return False
        return label.lemma_starts is None or label.lemma_starts.possible(self.lemma_stems, (self.lemma_title, self.lemma_text))

    def hits(self, label: _Label, profile: Profile) -> tuple[float, bool, set[int]]:
        """Weighted hits (title counts `title_weight`, body capped), in-title, and paragraphs hit."""
        if not self.may_match(label):
            return 0.0, False, set()
        in_title = bool(self.title) and label.pattern.search(self.title) is not None
        count, paragraphs = _paragraph_hits(label.pattern, self.text, self.starts)
        if label.lemma_pattern is not None:
            in_title = in_title or (bool(self.lemma_title) and label.lemma_pattern.search(self.lemma_title) is not None)
            lemma_count, lemma_paragraphs = _paragraph_hits(label.lemma_pattern, self.lemma_text, self.lemma_starts)
            count, paragraphs = max(count, lemma_count), paragraphs | lemma_paragraphs
        body = min(count, profile.max_hits_per_term)
        return (profile.title_weight if in_title else 0.0) + body, in_title, paragraphs

    def referred(self, label: _Label, references: re.Pattern[str], profile: Profile) -> int:
        """Body hits the entity gains from references after its first mention (the title's, or the text's), within
        `max_hits_per_term` with its own."""
        first = label.pattern.search(self.text)
        if self.title and label.pattern.search(self.title):
            start = 0
        elif first is not None:
            start = first.end()
        else:
            return 0
        count = len(label.pattern.findall(self.text))
        referred = sum(1 for _ in references.finditer(self.text, start))
        cap = profile.max_hits_per_term
        return min(count + referred, cap) - min(count, cap)


def score_article(title: str | None, text: str, profile: Profile) -> TopicScore:
    """Score title and text; relevant when every required group matches widely enough and the score is high enough."""
    doc = _Folded(title, text, profile.languages)
    groups, negatives, known = _compiled(profile)
    total, matches, missing, unmatched, places, strengths = 0.0, [], [], [], set[int](), []
    for group, labels, references in groups:
        matched, in_title, paragraphs, strength = [], False, set[int](), 0.0
        for label in labels:  # `hits` skips a label whose words the text lacks
            hits, title_hit, where = doc.hits(label, profile)
            if hits:
                strength += group.weight * label.weight * hits
                total += group.weight * label.weight * hits
                matched.append(label.name)
                in_title, paragraphs = in_title or title_hit, paragraphs | where
                if label.entity:  # a subsidiary or brand the text ties to the entity stands where the entity would
                    for name in linked_names(title or "", text, label.pattern, known, doc.languages):
                        _, linked_title, linked_where = doc.hits(_Label(name, term_pattern(name), 0.0), profile)
                        if linked_title or linked_where:
                            matched.append(f"{name} ({label.name})")
                            in_title, paragraphs = in_title or linked_title, paragraphs | linked_where
        named = [label for label in labels if label.entity and label.name in matched]
        if references is not None and len(named) == 1:  # with two named, "the Chinese group" may be either
            referred = group.weight * named[0].weight * doc.referred(named[0], references, profile)
            strength, total = strength + referred, total + referred
        matches.extend(matched)
        lead = bool(paragraphs) and min(paragraphs) <= LEAD_PARAGRAPHS
        wide = in_title or lead or len(paragraphs) >= min(group.min_paragraphs, doc.paragraphs)
        if group.required:
            places |= paragraphs | ({0} if in_title else set())
            strengths.append(strength)
        if group.required and not (matched and wide):
            missing.append(group.name)
            if not matched:
                unmatched.append(group.name)
    for label in negatives:
        total -= profile.negative_weight * label.weight * doc.hits(label, profile)[0]
    total = round(total, 3)
    relevant = not missing and total >= profile.min_score
    weakest = round(min(strengths), 3) if strengths else 0.0
    return TopicScore(total, tuple(dict.fromkeys(matches)), tuple(missing), relevant, tuple(unmatched), len(places), weakest)


def relevance(verdict: TopicScore, profile: Profile) -> float:
    """A verdict as a number in [0, 1]: share of the minimum score reached, times share of required groups matched."""
    required = sum(1 for g in profile.groups if g.required)
    covered = 1.0 - len(verdict.missing_groups) / required if required else 1.0
    reached = max(0.0, min(1.0, verdict.score / profile.min_score)) if profile.min_score > 0 else 1.0
    return round(covered * reached, 4)


def entity_mask(profile: Profile) -> re.Pattern[str] | None:
    """One pattern for every spelling of the profile's entities (terms with a label), in folded form; None without any."""
    spellings = sorted({t.text for g in profile.groups for t in g.terms if t.label}, key=len, reverse=True)
    return spellings_pattern(tuple(spellings)) if spellings else None
