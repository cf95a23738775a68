import re

from crawler.extraction.textcounts import price_count, year_count

_YEAR = re.compile(r"\b(?:199\d|20[0-3]\d)\b")
_PRICE = re.compile(r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|\$|£|EUR|USD|GBP|CHF)\b)")

TEXTS = [
    "",
    "2020",
    "In 1999 and 2021, not 1989 nor 2040; x2001 2001x _2002 2003_ 19992000 2004-2005 (2006).",
    "20201 12020 ٢٠٢١ 202٣ 199٩ é2019 2019é 2019\u00a0",
    "Price: $ 12.50, 30 €, 5EUR, 5 EURO, 7 USD. CHF 9 £3 ¥ 4 ₹5 1,000.00$",
    "no currency at all 12 34.5",
    "€€ $$ 1$2€3",
]


def test_year_count_is_the_plain_patterns_count() -> None:
    for text in TEXTS:
        assert year_count(text) == len(_YEAR.findall(text)), text


def test_price_count_is_the_plain_patterns_count() -> None:
    for text in TEXTS:
        assert price_count(text) == len(_PRICE.findall(text)), text


def test_counts_find_what_is_there() -> None:
    assert year_count("In 1999 and 2021, not 1989 nor 2040; x2001 (2006).") == 3
    assert price_count("Price: $ 12.50, 30 €, 7 USD.") == 2
