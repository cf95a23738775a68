"""Word counts in every script: spaced tokens, one word per ideograph or kana, Thai-like runs by length."""

from __future__ import annotations

import pytest

from crawler.text.words import UNSPACED, count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Hello world, this is a test.", 6),
        ("A dash - and a bullet • are not words", 8),
        ("Привет, мир: это тест", 4),
        ("华为公司发布了新手机", 10),  # Chinese: one word per character
        ("華為は2019年に新しい携帯電話を発表した。", 18),  # Japanese: kanji and kana per character, digits a token
        ("삼성전자는 오늘 새로운 스마트폰을 발표했다", 5),  # Korean: words are separated by spaces
        ("ภาษาไทย", 2),  # Thai: 7 characters in one run -> ceil(7 / 4)
        ("Huawei 华为 ZTE", 4),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_a_long_chinese_text_is_not_a_handful_of_space_separated_tokens() -> None:
    text = "中国电信设备制造商在美国面临新的限制措施。" * 80  # 1,680 characters, no spaces
    assert len(text.split()) == 1
    assert count_words(text) == 1600  # 20 ideographs a sentence, the full stop is not a word


def test_unspaced_scripts_are_recognised() -> None:
    assert UNSPACED.search("华为") and UNSPACED.search("ファーウェイ") and UNSPACED.search("ภาษา")
    assert not UNSPACED.search("Huawei") and not UNSPACED.search("화웨이")


def test_counting_by_one_regex_pass_is_counting_tokens_with_a_letter_or_digit() -> None:
    """Against the plain rule (split on whitespace, keep tokens with a letter or digit), on mixed strings:
    Unicode spaces and separators, underscores, punctuation runs, scripts with and without spaces."""
    import random
    import re

    def plain(text: str) -> int:
        wordlike = re.compile(r"[^\W_]")
        return sum(1 for token in text.split() if wordlike.search(token))

    pieces = ["a", "Zz", "9", "_", "__", "-", "—", "...", "é", "ß", "' ", " ", "\t", "\n", "\u00a0", "\u2003",
              "\u3000", "\x1c", "\x1f", "\u200b", "«", "»", "x_y", "3.5", "Привет", "مرحبا", "한국어"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert count_words(text) == plain(text), repr(text)
