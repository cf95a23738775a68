"""The durable scheduler, built by get_crawler, with the topic spider's requests."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.scheduling.scheduler import DurableScheduler, decode_request, encode_request
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
