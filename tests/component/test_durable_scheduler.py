"""The durable scheduler, built by get_crawler, with the topic spider's requests."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.scheduling.scheduler import DurableScheduler, decode_request, encode_request, request_dict
from crawler.spiders.topic import TopicSpider
from crawler.store.frontier import DONE, Outcome

BASE = "http://127.0.0.1:8001"


def opened(tmp_path: Path) -> tuple[DurableScheduler, Any]:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path))
    crawler = get_crawler(TopicSpider, settings_dict=values)
    spider = crawler._create_spider(urls=f"{BASE}/")
    crawler.spider = spider
    crawler.stats.open_spider()
    scheduler = DurableScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler, spider


def request(spider: Any, path: str, source: str = "link", **hints: Any) -> Request:
    return Request(f"{BASE}{path}", callback=spider.parse, errback=spider.on_error, priority=3,
                   cb_kwargs={"source": source, "hints": hints}, meta={"depth": 1})


def test_requests_round_trip_as_json(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    original = request(spider, "/a", title="Huawei")
    original.headers["If-None-Match"] = '"x"'
    text = encode_request(original, spider)
    assert json.loads(text)["callback"] == "parse"
    back = decode_request(text, spider)
    assert back.url == original.url and back.callback == spider.parse and back.errback == spider.on_error
    assert back.cb_kwargs == original.cb_kwargs and back.priority == 3 and back.meta["depth"] == 1
    assert back.headers["If-None-Match"] == b'"x"'
    scheduler.close("finished")


def test_request_dict_is_scrapys_to_dict(tmp_path: Path) -> None:
    """The request's dict without Scrapy's walk of the spider's members: the same keys, values and order."""
    from scrapy.http import FormRequest

    scheduler, spider = opened(tmp_path)
    for made in (request(spider, "/a", title="t"), Request(f"{BASE}/b"), Request(f"{BASE}/c", callback=spider.parse),
                 FormRequest(f"{BASE}/d", formdata={"q": "x"}, callback=spider.on_error, errback=spider.parse)):
        ours, scrapys = request_dict(made, spider), made.to_dict(spider=spider)
        assert ours == scrapys and list(ours) == list(scrapys)
    with pytest.raises(ValueError):  # not a method of the spider: refused as Scrapy refuses it
        request_dict(Request(f"{BASE}/e", callback=lambda response: None), spider)
    scheduler.close("finished")


def test_a_queued_url_is_not_queued_twice_and_order_follows_priority(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    assert scheduler.enqueue_request(request(spider, "/a"))
    assert not scheduler.enqueue_request(request(spider, "/a"))
    urgent = request(spider, "/b")
    urgent.priority = 50
    assert scheduler.enqueue_request(urgent)
    assert scheduler.has_pending_requests() and len(scheduler) == 2
    first = scheduler.next_request()
    assert first is not None and first.url.endswith("/b") and first.meta["frontier_key"]
    scheduler.close("shutdown")


def test_done_articles_are_not_fetched_again_unless_listed_as_updated(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    scheduler.enqueue_request(request(spider, "/story"))
    popped = scheduler.next_request()
    assert popped is not None
    scheduler.store.finish(popped.meta["frontier_key"], Outcome(DONE, "article", 4e9, 1e6))
    scheduler.started = time.time() + 1  # a later run
    assert not scheduler.enqueue_request(request(spider, "/story"))
    assert not scheduler.enqueue_request(request(spider, "/story", source="feed", published="2001-01-01T00:00:00"))
    assert scheduler.enqueue_request(request(spider, "/story", source="feed", updated="2999-01-01T00:00:00+00:00"))
    scheduler.close("finished")


def test_seeds_are_fetched_on_every_run(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    scheduler.enqueue_request(request(spider, "/", source="seed"))
    popped = scheduler.next_request()
    assert popped is not None
    scheduler.store.finish(popped.meta["frontier_key"], Outcome(DONE, "structure", 4e9, 3600.0))
    assert not scheduler.enqueue_request(request(spider, "/", source="seed"))  # not twice in one run
    scheduler.started = time.time() + 1  # a later run
    assert scheduler.enqueue_request(request(spider, "/", source="seed"))
    scheduler.close("finished")


def test_in_flight_requests_survive_a_crash(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    for path in ("/a", "/b", "/c"):
        scheduler.enqueue_request(request(spider, path))
    assert scheduler.next_request() is not None
    scheduler.store.close()  # the process dies: no close("finished")
    again, _ = opened(tmp_path)
    assert len(again) == 3
    again.close("finished")


def test_a_redirect_finishes_the_url_it_came_from(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    scheduler.enqueue_request(request(spider, "/old"))
    old = scheduler.next_request()
    assert old is not None
    scheduler.enqueue_request(old.replace(url=f"{BASE}/new"))
    visit = scheduler.store.visit(old.meta["frontier_key"])
    assert visit is not None and visit.status == DONE
    scheduler.close("finished")


def link(spider: Any, path: str, priority: int) -> Request:
    """A followed link, as the spider queues one of a page other than an entry page."""
    return Request(f"{BASE}{path}", callback=spider.parse, errback=spider.on_error, priority=priority,
                   cb_kwargs={"source": "link", "hints": {}},
                   meta={"depth": 2, "gated": True, "frontier_url": f"{BASE}{path}"})


def two_links_queued(tmp_path: Path) -> tuple[DurableScheduler, Any]:
    """A scheduler with two followed links of one host queued (a-story first), whose answers are on their way."""
    scheduler, spider = opened(tmp_path)
    scheduler.idle = lambda: False
    scheduler.enqueue_request(link(spider, "/2024/a-story", 10))
    scheduler.enqueue_request(link(spider, "/2024/b-story", 5))
    return scheduler, spider


def test_a_link_held_by_a_full_window_is_still_pending_after_a_stop(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    scheduler.idle = lambda: False  # the first link's answer is on its way
    for path in ("/2024/first-story", "/2024/second-story"):
        scheduler.enqueue_request(link(spider, path, 10))
    sent = scheduler.next_request()
    assert sent is not None and sent.meta["window"]
    assert scheduler.next_request() is None  # the window of 1 is full: the second waits, in the frontier
    scheduler.close("shutdown")  # a graceful stop before the answer
    again, spider = opened(tmp_path)  # the next run: nothing was lost
    again.idle = lambda: False
    assert len(again) == 2
    urls = [again.next_request().url, None]  # type: ignore[union-attr]
    spider.merit.outcome(urls[0], True)  # answered: the second goes
    urls[1] = again.next_request().url  # type: ignore[union-attr]
    assert sorted(urls) == [f"{BASE}/2024/first-story", f"{BASE}/2024/second-story"]  # type: ignore[type-var]
    again.close("finished")


def test_a_low_priority_link_queued_first_does_not_keep_a_better_one_of_its_host_out(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    scheduler.idle = lambda: False
    scheduler.enqueue_request(link(spider, "/menu/contact-us-today", -20))  # found first: a menu link of an article
    scheduler.enqueue_request(request(spider, "/other-host-work"))  # something else to do first
    assert scheduler.next_request().url == f"{BASE}/other-host-work"  # type: ignore[union-attr]
    scheduler.enqueue_request(link(spider, "/2024/huawei-gear-banned", 90))  # found later, on topic
    best = scheduler.next_request()
    assert best is not None and best.url == f"{BASE}/2024/huawei-gear-banned"  # queued, the menu link took no place
    assert scheduler.next_request() is None  # and now the menu link waits for its answer
    scheduler.close("shutdown")


def test_retries_and_redirects_of_a_link_sent_take_no_second_place(tmp_path: Path) -> None:
    scheduler, spider = two_links_queued(tmp_path)
    sent = scheduler.next_request()
    assert sent is not None
    retry = sent.replace(dont_filter=True)
    retry.meta["retry_times"] = 1
    assert scheduler.enqueue_request(retry)
    again = scheduler.next_request()  # the window is full, but the retry holds the link's place already
    assert again is not None and again.url == sent.url
    assert scheduler.next_request() is None  # b still waits: one place, one link
    assert scheduler.stats.get_value("links/window/sent") == 1
    scheduler.close("shutdown")


def test_a_link_refused_on_its_way_gives_its_place_back(tmp_path: Path) -> None:
    from scrapy.exceptions import IgnoreRequest
    from twisted.python.failure import Failure

    scheduler, spider = two_links_queued(tmp_path)
    sent = scheduler.next_request()
    failure = Failure(IgnoreRequest("robots.txt"))
    failure.request = sent  # type: ignore[attr-defined]
    spider.on_error(failure)
    following = scheduler.next_request()
    assert following is not None and following.url == f"{BASE}/2024/b-story"
    scheduler.close("shutdown")


def test_links_held_by_windows_go_when_no_answer_is_to_come(tmp_path: Path) -> None:
    scheduler, spider = two_links_queued(tmp_path)
    assert scheduler.next_request() is not None
    assert scheduler.next_request() is None
    scheduler.idle = lambda: True  # the first link's answer was lost: nothing is in flight
    following = scheduler.next_request()
    assert following is not None and following.url == f"{BASE}/2024/b-story"  # the crawl does not hang
    assert scheduler.stats.get_value("links/window/unstuck") == 1
    scheduler.close("finished")


def test_no_answer_is_to_come_once_nothing_is_downloaded_nor_handled_by_the_spider() -> None:
    from types import SimpleNamespace

    from crawler.scheduling.scheduler import engine_idle

    slot = SimpleNamespace(idle=True, is_idle=lambda: slot.idle)
    engine = SimpleNamespace(downloader=SimpleNamespace(active={"a request"}), scraper=SimpleNamespace(slot=slot))
    crawler: Any = SimpleNamespace(engine=engine)
    assert not engine_idle(crawler)  # being downloaded
    engine.downloader.active = set()
    slot.idle = False
    assert not engine_idle(crawler)  # downloaded, its answer not handled yet
    slot.idle = True
    assert engine_idle(crawler)
    assert engine_idle(SimpleNamespace(engine=None))  # type: ignore[arg-type]  # outside a crawl


def test_the_stages_are_full_at_the_response_limit_or_at_scrapys_byte_cap() -> None:
    from types import SimpleNamespace

    from scrapy.core.scraper import Slot

    from crawler.scheduling.scheduler import stages_full

    slot = Slot(max_active_size=5_000_000)
    crawler: Any = SimpleNamespace(engine=SimpleNamespace(scraper=SimpleNamespace(slot=slot)))
    slot.queue.extend((None, None, None) for _ in range(2))  # type: ignore[misc]  # waiting for the spider
    slot.active.update(Request(f"{BASE}/{n}") for n in range(2))  # in the spider or the item stages
    assert not stages_full(crawler, 5)
    slot.active.add(Request(f"{BASE}/late"))
    assert stages_full(crawler, 5) and stages_full(crawler, 4)
    assert not stages_full(crawler, 0)  # no count: Scrapy's byte cap only
    slot.active_size = 6_000_000
    assert stages_full(crawler, 0)
    assert not stages_full(SimpleNamespace(engine=None), 5)  # outside a crawl


def test_nothing_is_handed_out_while_the_stages_are_full_and_nothing_is_lost(tmp_path: Path) -> None:
    scheduler, spider = opened(tmp_path)
    assert scheduler.enqueue_request(request(spider, "/a"))
    full = [True]
    scheduler.stages_full = lambda: full[0]
    assert scheduler.next_request() is None
    assert scheduler.has_pending_requests()  # the crawl is not idle: the engine asks again as responses leave
    assert scheduler.stats.get_value("frontier/waits/stages_full") == 1
    full[0] = False
    handed = scheduler.next_request()
    assert handed is not None and handed.url == f"{BASE}/a"
    scheduler.close("finished")


def test_the_crawl_sets_the_stages_limit_from_its_setting(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from scrapy.core.scraper import Slot

    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), FRONTIER_MAX_IN_STAGES=3)
    crawler = get_crawler(TopicSpider, settings_dict=values)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    scheduler = DurableScheduler.from_crawler(crawler)
    slot = Slot()
    crawler._engine = SimpleNamespace(scraper=SimpleNamespace(slot=slot))  # type: ignore[assignment]
    slot.active.update(Request(f"{BASE}/{n}") for n in range(3))
    assert scheduler.stages_full()
    slot.active.pop()
    assert not scheduler.stages_full()
