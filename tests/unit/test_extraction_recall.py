from __future__ import annotations

from lxml import html

from crawler.extraction.recall import cannot_be_better, page_words, prose_words, retry_is_better, worth_retrying

PARAGRAPH = "The council kept the library open through the winter after a long debate."  # 13 words


def test_prose_words_count_only_lines_of_ten_words_or_more() -> None:
    assert prose_words(f"{PARAGRAPH}\nRead more\n12 May 2024\n{PARAGRAPH}") == 26


def test_a_retry_is_kept_for_its_paragraphs_once_the_first_text_is_long() -> None:
    first = "\n".join([PARAGRAPH] * 5)  # 65 words
    assert retry_is_better("\n".join([PARAGRAPH] * 8), first, below_words=50)
    assert not retry_is_better(first + "\nMore news\n" * 60, first, below_words=50)  # only short lines added
    assert retry_is_better("Short line\n" * 6, "Tiny", below_words=50)  # a first text under 50 words: all words


def test_a_text_under_the_words_or_the_share_of_the_page_is_retried() -> None:
    assert worth_retrying(40, 100, below_words=50, below_share=2 / 3)
    assert worth_retrying(300, 1000, below_words=50, below_share=2 / 3)
    assert not worth_retrying(700, 1000, below_words=50, below_share=2 / 3)
    assert not worth_retrying(300, 1000, below_words=50, below_share=0)


def test_the_pages_words_leave_out_scripts_and_styles() -> None:
    tree = html.fromstring("<html><body><p>Three words here</p><script>var a = 1;</script><style>p {}</style></body></html>")
    assert page_words(tree) == 3


def test_the_recall_settings_reach_the_extraction_config():
    from scrapy.settings import Settings

    from crawler import settings as defaults
    from crawler.config import extract_config

    config = extract_config(Settings({**{k: getattr(defaults, k) for k in dir(defaults) if k.isupper()},
                                      "EXTRACT_RECALL_BELOW_SHARE": 0, "EXTRACT_RECALL_BELOW_WORDS": 20}))
    assert (config.recall_below_share, config.recall_below_words) == (0, 20)


def test_a_retry_too_short_to_be_better_is_told_from_its_words_alone() -> None:
    first = "\n".join([PARAGRAPH] * 5)  # 65 words, all in paragraphs
    assert cannot_be_better(97, first, below_words=50) and not cannot_be_better(98, first, below_words=50)
    assert cannot_be_better(4, "Tiny short text", below_words=50) and not cannot_be_better(5, "Tiny short text", 50)
    # never where retry_is_better could keep a retry of that many words
    for retry in ("\n".join([PARAGRAPH] * 8), "\n".join([PARAGRAPH] * 7) + "\nword", "Short line\n" * 6):
        for text in (first, "Tiny", "Tiny short text"):
            if retry_is_better(retry, text, below_words=50):
                assert not cannot_be_better(len(retry.split()), text, below_words=50)
