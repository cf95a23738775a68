"""How many words a text has, in every script, including those written without spaces.

Pure: str in, int out. Space-separated scripts (Latin, Cyrillic, Greek, Arabic,
Hangul...) count whitespace-separated tokens that hold a letter or a digit.
Scripts written without spaces count by rule, with no dictionary:

- Chinese (Han ideographs), Japanese kana: one word per character, as word
  processors count them (a 1,558-character article is 1,558 words).
- Thai, Lao, Khmer, Myanmar: one word per `UNSPACED_CHARS_PER_WORD` characters
  of a run (rounded up), the mean length of a word in those scripts.

Korean separates its words (eojeol) by spaces: Hangul counts as tokens.
"""

from __future__ import annotations

import re

# Han ideographs (with extensions and compatibility forms), hiragana, katakana (and half-width katakana).
_CHARACTER_WORDS = (
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0002fa1f"
)
# Thai, Lao, Myanmar, Khmer: scripts whose words run together without spaces.
_RUN_WORDS = "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
# Characters of a Thai, Lao, Khmer or Myanmar run counted as one word.
UNSPACED_CHARS_PER_WORD = 4

CHARACTER_WORD = re.compile(f"[{_CHARACTER_WORDS}]")
_RUN = re.compile(f"[{_RUN_WORDS}]+")
# Any character of a script written without spaces: its terms match inside words, not on word boundaries.
UNSPACED = re.compile(f"[{_CHARACTER_WORDS}{_RUN_WORDS}]")
_UNSPACED_RUNS = re.compile(f"[{_CHARACTER_WORDS}{_RUN_WORDS}]+")
# From a whitespace-separated token's first letter or digit to its end: one match per token that holds one
# (`str.split()` and `\s` know the same whitespace). One regex pass instead of a Python step per token: 0.09
# against 0.25 ms for an article's text.
_WORD_TOKEN = re.compile(r"[^\W_]\S*")


def count_words(text: str) -> int:
    """Words of `text`: spaced tokens, plus a word per ideograph or kana, plus Thai-like runs by length."""
    if text.isascii():
        return len(_WORD_TOKEN.findall(text))
    count = len(CHARACTER_WORD.findall(text))
    count += sum(-(-len(run) // UNSPACED_CHARS_PER_WORD) for run in _RUN.findall(text))
    rest = _UNSPACED_RUNS.sub(" ", text)
    return count + len(_WORD_TOKEN.findall(rest))
