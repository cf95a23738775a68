"""Validation's word floor: 60 words, or 30 for a whole brief its page declares an article, decided confidently."""

from __future__ import annotations

import pytest

from crawler.extraction.wordfloor import BriefSigns, WordFloor, word_floor

FLOOR = WordFloor(min_words=60, brief_min_words=30, brief_min_score=1.0)


def test_a_declared_whole_brief_with_a_confident_page_type_has_the_brief_floor() -> None:
    assert word_floor(FLOOR, BriefSigns(declared=True, type_margin=1.0)) == 30
    assert word_floor(FLOOR, BriefSigns(declared=True, type_margin=4.2, flags=("some_other_flag",))) == 30


@pytest.mark.parametrize("signs", [
    BriefSigns(declared=False, type_margin=5.0),  # the page does not say it is an article
    BriefSigns(declared=True, type_margin=0.6),  # an article, but not confidently
    BriefSigns(declared=True, type_margin=None),  # no page-type decision made
    BriefSigns(declared=True, type_margin=3.0, flags=("truncated",)),  # a teaser, or cut short
    BriefSigns(declared=True, type_margin=3.0, flags=("paywalled",)),  # the start of a story behind a paywall
])
def test_any_other_text_has_the_full_floor(signs: BriefSigns) -> None:
    assert word_floor(FLOOR, signs) == 60


def test_the_brief_floor_never_raises_the_floor() -> None:
    assert word_floor(WordFloor(20, 30), BriefSigns(declared=True, type_margin=2.0)) == 20
    assert word_floor(WordFloor(20, 30), BriefSigns()) == 20
