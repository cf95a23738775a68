"""The focused frontier reads links and pages with the relevance stage's judgement when the profile has a model."""

from __future__ import annotations

from crawler.relevance.priority import LinkScorer, PriorityConfig, page_signal, text_relevance
from crawler.relevance.profile import load_profile, parse_profile

PLAIN_ANCHOR = "5G: America's allies clear out Chinese kit"  # the topic, in none of the profile's terms


def test_a_link_saying_the_topic_in_other_words_ranks_above_zero() -> None:
    profile = load_profile()
    scorer = LinkScorer(profile, PriorityConfig())
    assert scorer.judge is not None and scorer.judge.model is not None
    assert text_relevance(PLAIN_ANCHOR, "", profile) == 0.0
    assert scorer.relevance("https://news.example/a/5001", PLAIN_ANCHOR) > 0.0
    assert scorer.relevance("https://news.example/a/5002", "Ligue 1 : Lyon s'impose 3 à 1") == 0.0


def test_without_examples_or_best_first_no_judge_is_built() -> None:
    plain = parse_profile('name = "t"\n[[groups]]\nname = "g"\nterms = ["alpha"]\n')
    assert LinkScorer(plain, PriorityConfig()).judge is None
    assert LinkScorer(load_profile(), PriorityConfig(best_first=False)).judge is None


def test_an_article_page_dropped_by_the_judgement_is_off_topic() -> None:
    profile = load_profile()
    scorer = LinkScorer(profile, PriorityConfig())
    review = (
        "<html><head><title>Huawei Mate review</title></head><body><article><h1>Huawei Mate review</h1>"
        "<p>The camera is great and the battery lasts two days.</p><p>Huawei's screen is bright. Verdict: buy it.</p>"
        "</article></body></html>"
    )
    signal = page_signal(review, "https://news.example/review", True, profile, scorer.judge)
    assert signal.offtopic
