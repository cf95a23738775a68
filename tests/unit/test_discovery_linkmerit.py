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
    assert merit.send("https://x.org/a")  # sent: the window of 1 is taken
    assert not merit.send("https://x.org/b")  # no room: held back until a's answer
    merit.hold("https://x.org/b", "request b")
    assert merit.holds("https://x.org/a") and not merit.holds("https://x.org/b")
    # a's URL was listed since and fetched under the listing's request: its answer still frees the window, once
    assert merit.outcome("https://x.org/a", True) == ["request b"]  # b is queued again, not yet sent
    assert not merit.holds("https://x.org/a") and not merit.holds("https://x.org/b")
    assert merit.send("https://x.org/b") and merit.holds("https://x.org/b")
    assert merit.outcome("https://x.org/b", True) == [] and not merit.holds("https://x.org/b")


def test_a_hosts_waiting_links_go_the_most_promising_first() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, max_window=1))
    assert merit.send("https://x.org/first")
    for name, rank in (("menu", 8), ("story", 110), ("other", 8), ("related", 40)):
        assert not merit.send(f"https://x.org/{name}")
        merit.hold(f"https://x.org/{name}", name, rank)
    merit.hold("https://x.org/menu", "menu again", 8)  # a URL waits once
    merit.hold("https://x.org/other", "other", 50)  # ...at its best rank: found again, higher
    order, answered = [], "first"
    for _ in range(4):  # each answer lets the next one go, and it is sent
        (answered,) = merit.outcome(f"https://x.org/{answered}", True)
        assert merit.send(f"https://x.org/{answered}")
        order.append(answered)
    assert order == ["story", "other", "related", "menu"]  # by rank, then in the order they came
    assert merit.outcome("https://x.org/menu", True) == []


def test_only_links_sent_and_unanswered_fill_the_window() -> None:
    """A link queued with a low priority takes no place while it sits in the queue: only a send does."""
    merit = LinkMerit(MeritConfig(first_window=2, max_window=2))
    for _ in range(5):  # links of the host found and queued (never sent yet): they hold nothing
        merit.article_seen("https://x.org/2024/queued-story")
    assert merit.send("https://x.org/best") and merit.send("https://x.org/next")
    assert not merit.send("https://x.org/third")  # two sent and unanswered: full
    merit.outcome("https://x.org/best", None)  # refused on its way (a budget): its place is given back
    assert merit.send("https://x.org/third")


def test_a_refused_link_lets_the_best_waiting_one_go_and_answers_open_the_window() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, max_window=3))
    assert merit.send("https://x.org/a")
    for name, rank in (("b", 1), ("c", 3), ("d", 2)):
        merit.hold(f"https://x.org/{name}", name, rank)
    assert merit.outcome("https://x.org/a", None) == ["c"]  # not sent after all: the window stays 1
    assert merit.send("https://x.org/c")
    assert merit.outcome("https://x.org/c", True) == ["d", "b"]  # it worked: the window is 2, both may go
    assert merit.send("https://x.org/d") and merit.send("https://x.org/b")
    assert merit.outcome("https://x.org/d", False) == []  # a failure does not open the window


def test_a_failing_host_sends_nothing_more_and_its_waiting_links_are_dropped() -> None:
    merit = LinkMerit(MeritConfig(first_window=1, min_failures=3, max_failure_share=0.5))
    assert merit.send("https://x.org/0")
    for i in range(1, 10):
        merit.hold(f"https://x.org/{i}", str(i), i)
    for i in range(2):  # two failures, each lets the best waiting link go (the window stays 1)
        (nxt,) = merit.outcome(f"https://x.org/{'0' if i == 0 else '9'}", False)
        assert merit.send(f"https://x.org/{nxt}")
    assert merit.outcome("https://x.org/8", False) == []  # three of three failed: the rest is dropped
    assert not merit.send("https://x.org/7") and merit.unstick() == []
    merit.hold("https://x.org/7", "7", 7)
    assert merit.unstick() == []  # nothing waits for a failing host


def test_waiting_links_go_when_the_crawl_has_nothing_else_to_do() -> None:
    merit = LinkMerit(MeritConfig(first_window=1))
    assert merit.send("https://x.org/a")
    merit.hold("https://x.org/b", "b", 1)
    merit.hold("https://y.org/c", "c", 1)  # another host's, waiting on nothing: let go all the same
    assert sorted(merit.unstick()) == ["b", "c"]  # a's answer was lost: as if nothing were sent
