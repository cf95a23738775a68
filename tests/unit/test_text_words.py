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
