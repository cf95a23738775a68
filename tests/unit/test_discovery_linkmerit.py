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


def test_the_window_counts_links_sent_and_not_answered_and_grows_with_answers_that_work() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, max_window=2))
    assert merit.full_sites() == set()  # nothing sent: no window is full, however many links are queued
    merit.send("https://x.org/a")
    assert merit.full_sites() == {"x.org"} and merit.holds("https://x.org/a")
    merit.send("https://x.org/a")  # the same URL sent again (a copy): no second place
    merit.outcome("https://x.org/a", True)  # answered, and it worked: the window grows to 2
    assert merit.full_sites() == set() and not merit.holds("https://x.org/a")
    merit.send("https://x.org/b")
    assert merit.full_sites() == set()  # one place of two
    merit.send("https://x.org/c")
    assert merit.full_sites() == {"x.org"}
    merit.outcome("https://x.org/b", True)
    merit.send("https://x.org/d")
    assert merit.full_sites() == {"x.org"}  # at most max_window=2, however many answers worked
    merit.outcome("https://x.org/c", None)  # refused on its way: its place is free, nothing learnt of the host
    assert merit.full_sites() == set() and merit.explorable("https://x.org/e")


def test_a_failing_host_s_window_is_never_full_its_links_are_refused_instead() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, min_failures=1))
    merit.outcome("https://x.org/a", False)
    merit.send("https://x.org/b")
    assert not merit.explorable("https://x.org/c") and merit.full_sites() == set()


def test_emptying_the_windows_frees_every_place_held() -> None:
    merit = LinkMerit(MeritConfig(first_window=1))
    merit.send("https://x.org/a")
    merit.send("https://y.org/a")
    assert merit.full_sites() == {"x.org", "y.org"}
    assert merit.release_all() == 2 and merit.full_sites() == set() and not merit.holds("https://x.org/a")


def test_an_article_url_counts_once_for_its_shape_and_is_remembered_by_the_store_given() -> None:
    from crawler.store.seenurls import SeenUrls

    seen = SeenUrls()  # in a crawl: a temporary table of the crawl's connection, not a set in memory
    merit = LinkMerit(MeritConfig(min_shape_articles=2), seen)
    for _ in range(3):  # the same story listed by a sitemap, a feed, then recognised by its page
        merit.article_seen("https://x.org/2024/05/first-story-here")
    assert not merit.is_article_shaped("https://x.org/2024/06/other-story-here")
    assert not seen.add("https://x.org/2024/05/first-story-here")  # in the store
    merit.article_seen("https://x.org/2023/01/second-story-here")
    assert merit.is_article_shaped("https://x.org/2024/06/other-story-here")
