"""Counts in a page's whole text, for its page-type signals: the years and the prices written in it.

A page's text runs to tens of thousands of characters: each count is searched
the fast way (a literal-led pattern, a check for a currency first) and gives
what the plain pattern's `findall` gives.
"""

from __future__ import annotations

import re

# A price as text: a currency sign or code beside a number.
_PRICE_TEXT = re.compile(r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|\$|£|EUR|USD|GBP|CHF)\b)")
_CURRENCIES = ("$", "€", "£", "¥", "₹", "EUR", "USD", "GBP", "CHF")  # one of them is in every price
_YEAR = re.compile(r"\b(?:199\d|20[0-3]\d)\b")
_YEAR_DIGITS = re.compile(r"(?:199|20[0-3])\d")  # _YEAR without its word boundaries (searched much faster)


def year_count(text: str) -> int:
    """Four-digit years 1990-2039 between word boundaries: `len(_YEAR.findall(text))`, faster.

    The year's digits are searched, then the word boundaries checked: a year between word boundaries cannot
    overlap an earlier run of the digits searched (they are word characters).
    """
    end = len(text)
    return sum(
        1 for m in _YEAR_DIGITS.finditer(text)
        if (m.start() == 0 or not _is_word(text[m.start() - 1])) and (m.end() == end or not _is_word(text[m.end()]))
    )


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


def price_count(text: str) -> int:
    """Prices written in the text; none without a currency sign or code (most pages)."""
    return len(_PRICE_TEXT.findall(text)) if any(c in text for c in _CURRENCIES) else 0
