"""Word forms: a text rewritten as the dictionary forms (lemmas) of its words, in the profile's languages.

"banned", "barring" and "bars" become "ban", "bar", "bar"; "interdites" and
"exclut" become "interdire" and "exclure". The relevance stage matches a
profile's terms, rewritten the same way, against this form as well as against
the text itself, so a term finds its conjugations and inflections, not only
its plural. simplemma ships its dictionaries (no download); a language it does
not know is left out (its words are matched as written).

Pure: str in, str out. The line structure is kept (one paragraph a line), so a
match in the lemma form is counted in the same paragraph as in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from crawler.relevance.textfold import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_SAMPLE = 500  # characters read to tell the text's language among the profile's


@lru_cache(maxsize=64)
def supported(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages simplemma has a dictionary for, in the given order."""
    known = set(simplemma.strategies.dictionaries.dictionary_factory.SUPPORTED_LANGUAGES)
    return tuple(lang for lang in languages if lang in known)


def text_languages(text: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The profile's languages, the one the text is most likely written in first."""
    langs = supported(languages)
    if len(langs) < 2:
        return langs
    sample = text[:_SAMPLE]
    ranked = sorted(langs, key=lambda lang: -simplemma.in_target_language(sample, lang=lang))
    return tuple(ranked)


@lru_cache(maxsize=200_000)
def _lemma(word: str, langs: tuple[str, ...]) -> str:
    return fold(simplemma.lemmatize(word, lang=langs))


def lemma_form(text: str, langs: tuple[str, ...]) -> str:
    """Each word of `text` replaced by its folded lemma, words joined by one space, lines kept."""
    if not langs or not text:
        return ""
    return "\n".join(" ".join(_lemma(w, langs) for w in _WORD.findall(line.lower())) for line in text.split("\n"))


def term_lemma(term: str, lang: str, languages: tuple[str, ...]) -> str:
    """A profile term in lemma form: in its own language when it has one, else the profile's."""
    langs = supported((lang,)) if lang else supported(languages)
    return lemma_form(term, langs or supported(languages))
