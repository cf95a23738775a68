"""URL shapes, hub URLs and host health of crawler.discovery.linkmerit."""

from __future__ import annotations

import pytest

from crawler.discovery.linkmerit import LinkMerit, MeritConfig, is_hub_shaped, url_shape


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("https://x.org/2019/04/huawei-p30-review.html?id=3&b=", "/D4/D2/S.html?b&id"),
        ("https://x.org/", "/"),
        ("https://x.org/world/", "/w"),
        ("https://x.org/news/a1b2c3", "/w/X"),
        ("https://x.org/article/uk-huawei-5g-warning", "/w/S"),
    ],
)
def test_url_shape(url: str, shape: str) -> None:
    assert url_shape(url) == shape


def test_hub_urls() -> None:
    assert is_hub_shaped("https://x.org/") and is_hub_shaped("https://x.org/section/2") and is_hub_shaped("https://x.org/world/")
    assert not is_hub_shaped("https://x.org/2019/04/a-long-story-slug")
    assert not is_hub_shaped("https://x.org/a/b/c") and not is_hub_shaped("https://x.org/search?q=x")


def test_article_shapes_are_learnt_per_host_from_enough_articles() -> None:
    merit = LinkMerit(MeritConfig(min_shape_articles=2))
    merit.article_seen("https://x.org/2024/05/first-story-here")
    assert not merit.is_article_shaped("https://x.org/2024/06/other-story-here")
    merit.article_seen("https://x.org/2023/01/second-story-here")
    assert merit.is_article_shaped("https://x.org/2024/06/other-story-here")
    assert not merit.is_article_shaped("https://y.org/2024/06/other-story-here")  # another host
    assert merit.worth_following("https://x.org/2024/06/other-story-here", "Three word headline", relevant=False)
    assert not merit.worth_following("https://x.org/2024/06/other-story-here", "More", relevant=False)
    assert merit.worth_following("https://x.org/about", "", relevant=True)


def test_a_host_is_judged_on_enough_failures_and_their_share() -> None:
    merit = LinkMerit(MeritConfig(min_failures=3, max_failure_share=0.5))
    for ok in (True, True, True, False, False):
        merit.outcome("https://x.org/a", ok)
    assert merit.explorable("https://x.org/b")  # 2 failures: not enough to judge
    merit.outcome("https://x.org/c", False)
    assert merit.explorable("https://x.org/b")  # 3 of 6: not more than half
    merit.outcome("https://x.org/d", False)
    assert not merit.explorable("https://x.org/b") and merit.explorable("https://x.org:8080/b")


def test_entry_pages_and_hubs_near_them_are_explored_freely() -> None:
    merit = LinkMerit(MeritConfig(hub_depth=1))
    assert merit.explores_freely("https://x.org/a-long-story-slug-here", 0, is_article=True)
    assert merit.explores_freely("https://x.org/world/", 1, is_article=False)
    assert not merit.explores_freely("https://x.org/world/", 2, is_article=False)
    assert not merit.explores_freely("https://x.org/world/", 1, is_article=True)
    assert not merit.explores_freely("https://x.org/p/a-product-page-slug", 1, is_article=False)


def test_an_article_counts_once_for_its_shape_however_often_it_is_seen() -> None:
    merit = LinkMerit(MeritConfig(min_shape_articles=2))
    for _ in range(3):  # listed by a sitemap, by a feed, then read as an article
        merit.article_seen("https://x.org/2024/05/first-story-here")
    assert not merit.is_article_shaped("https://x.org/2024/06/other-story-here")


def test_a_link_answered_through_another_request_for_its_url_frees_its_hosts_window() -> None:
    merit = LinkMerit(MeritConfig(first_window=1))
    assert merit.admit("https://x.org/a", "request a")  # let out: the window of 1 is taken
    assert not merit.admit("https://x.org/b", "request b")  # waits for a's answer
    assert merit.holds("https://x.org/a") and not merit.holds("https://x.org/b")
    # a's URL was listed since and fetched under the listing's request: its answer still frees the window, once
    assert merit.outcome("https://x.org/a", True) == ["request b"]
    assert not merit.holds("https://x.org/a") and merit.holds("https://x.org/b")
    assert not merit.admit("https://x.org/b", "b again")  # the same URL again: already let out, not queued twice
    assert merit.outcome("https://x.org/b", True) == [] and not merit.holds("https://x.org/b")


def test_a_hosts_waiting_links_go_the_most_promising_first() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, max_window=1))
    assert merit.admit("https://x.org/first", "first", 5)
    for name, rank in (("menu", 8), ("story", 110), ("other", 8), ("related", 40)):
        assert not merit.admit(f"https://x.org/{name}", name, rank)
    order, answered = [], "first"
    for _ in range(4):  # each answer lets the next one out
        (answered,) = merit.outcome(f"https://x.org/{answered}", True)
        order.append(answered)
    assert order == ["story", "related", "menu", "other"]  # by rank, then in the order they came
