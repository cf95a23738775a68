"""The folded form of a text that terms and texts are compared in: lower case, no accents, plain apostrophes."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes made straight, no-break spaces plain, and letters that NFKD does not split.
_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"}
)
# Combining marks (accents) left apart by NFKD decomposition.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: the form both sides are matched in."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).casefold()
