"""The host guard and the robots.txt middleware, built by get_crawler (their crawls: tests/e2e/test_hostile.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest, NotConfigured
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

from crawler import settings as project_settings
from crawler.middlewares.hostguard import HostGuardMiddleware, HostSetAside
from crawler.middlewares.robots import RobotsMiddleware, RobotsUnavailable
from crawler.spiders.topic import TopicSpider


def crawler(**overrides: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    built = get_crawler(TopicSpider, settings_dict={**values, **overrides})
    built.stats.open_spider()
    return built


def test_a_host_that_times_out_twice_is_set_aside_and_its_urls_stay_due() -> None:
    built = crawler()
    guard = HostGuardMiddleware.from_crawler(built)
    dead, alive = "http://127.0.0.1:8001", "http://127.0.0.1:8002"
    slot = Slot(concurrency=4, delay=0.0)
    queued: list[Any] = []
    for url in (f"{dead}/queued", f"{alive}/queued"):
        waiting: Deferred[Any] = Deferred()
        waiting.addErrback(lambda failure, url=url: queued.append((url, failure.value)))
        slot.queue.append((Request(url), waiting))
    built.engine = SimpleNamespace(downloader=SimpleNamespace(slots={"127.0.0.1": slot}))
    guard.process_exception(Request(f"{dead}/a"), DownloadTimeoutError("slow"))
    guard.process_exception(Request(f"{dead}/a"), ConnectionRefusedError())  # not a timeout: not counted
    assert guard.process_request(Request(f"{dead}/b")) is None
    guard.process_exception(Request(f"{dead}/b"), DownloadTimeoutError("slow"))
    with pytest.raises(HostSetAside) as refused:
        guard.process_request(Request(f"{dead}/c"))
    assert isinstance(refused.value, IgnoreRequest) and refused.value.retry_later
    assert guard.process_request(Request(f"{alive}/c")) is None  # another port, another host
    assert guard.crawler.stats.get_value("hostguard/set_aside") == 1
    assert [(url, type(e)) for url, e in queued] == [(f"{dead}/queued", HostSetAside)]  # waiting requests fail now
    assert [r.url for r, _ in slot.queue] == [f"{alive}/queued"]
    with pytest.raises(NotConfigured):
        HostGuardMiddleware.from_crawler(crawler(HOSTGUARD_MAX_TIMEOUTS=0))


def test_robots_refusals_are_ignore_requests_marked_for_later() -> None:
    """The crawl state leaves such a URL due for the next run (tests/component/test_crawl_state.py)."""
    assert RobotsUnavailable.retry_later and issubclass(RobotsUnavailable, IgnoreRequest)
    assert HostSetAside.retry_later and issubclass(HostSetAside, IgnoreRequest)


def test_robots_middleware_is_off_only_when_neither_rules_nor_sitemaps_are_wanted() -> None:
    assert RobotsMiddleware.from_crawler(crawler(ROBOTSTXT_OBEY=False)).obey is False  # still reads Sitemap: lines
    with pytest.raises(NotConfigured):
        RobotsMiddleware.from_crawler(crawler(ROBOTSTXT_OBEY=False, TOPIC_ROBOTS_SITEMAPS=False))
