"""Revisit intervals follow what the server's answers say: same body or 304 -> longer, new body -> shorter."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.middlewares.frontier import FrontierRecorder
from crawler.scheduling.revisit import STRUCTURE, RevisitConfig
from crawler.store.frontier import FrontierEntry

CONFIG = RevisitConfig(structure_interval=3600, min_interval=900, max_interval=86400)


def recorder(tmp_path: Path) -> FrontierRecorder:
    stats = MemoryStatsCollector(get_crawler())
    stats.open_spider()
    made = FrontierRecorder(tmp_path / "state.db", CONFIG, stats)
    made.open().push(FrontierEntry("k", "http://a.org/feed", 0, "{}"))
    return made


def fetch(made: FrontierRecorder, response: Response) -> float:
    made.finish("k", STRUCTURE, changed=response.status != 304, response=response)
    visit = made.open().visit("k")
    assert visit is not None
    return visit.interval


def test_same_body_twice_doubles_the_interval_new_body_halves_it(tmp_path: Path) -> None:
    made = recorder(tmp_path)
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>1</rss>")) == 3600
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>1</rss>")) == 7200
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>2</rss>")) == 3600
    assert fetch(made, Response("http://a.org/feed", status=304)) == 7200
    assert made.stats.get_value("frontier/unchanged") == 2
    made.close()


def test_validators_are_kept_for_the_next_conditional_get(tmp_path: Path) -> None:
    made = recorder(tmp_path)
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}
    fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss/>", headers=headers))
    fetch(made, Response("http://a.org/feed", status=304))
    visit = made.open().visit("k")
    assert visit is not None and visit.etag == '"abc"' and visit.last_modified == headers["Last-Modified"]
    made.close()


def test_a_revisit_asks_with_the_last_validators(tmp_path: Path) -> None:
    from scrapy import Request

    from crawler.middlewares.frontier import ConditionalGetMiddleware

    made = recorder(tmp_path)
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}
    fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss/>", headers=headers))
    middleware = ConditionalGetMiddleware(made)
    revisit = Request("http://a.org/feed", meta={"frontier_key": "k"})
    middleware.process_request(revisit)
    assert revisit.headers["If-None-Match"] == b'"abc"'
    assert revisit.headers["If-Modified-Since"] == headers["Last-Modified"].encode()
    first = Request("http://a.org/other", meta={"frontier_key": "never-seen"})
    middleware.process_request(first)
    assert b"If-None-Match" not in first.headers
    made.close()
