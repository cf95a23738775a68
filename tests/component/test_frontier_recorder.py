"""Revisit intervals follow what the server's answers say: same body or 304 -> longer, new body -> shorter."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.scheduling.recorder import FrontierRecorder
from crawler.scheduling.revisit import STRUCTURE
from crawler.state import CrawlState
from crawler.store.frontier import FrontierEntry


def crawl_state(tmp_path: Path) -> CrawlState:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), FRONTIER_STRUCTURE_INTERVAL=3600, FRONTIER_MIN_INTERVAL=900,
                  FRONTIER_MAX_INTERVAL=86400)
    crawler = get_crawler(settings_dict=values)
    crawler.stats.open_spider()
    return CrawlState.of(crawler)


def recorder(tmp_path: Path) -> FrontierRecorder:
    made = crawl_state(tmp_path).recorder
    made.store.push(FrontierEntry("k", "http://a.org/feed", 0, "{}"))
    return made


def fetch(made: FrontierRecorder, response: Response) -> float:
    made.finish("k", STRUCTURE, changed=response.status != 304, response=response)
    visit = made.store.visit("k")
    assert visit is not None
    return visit.interval


def test_same_body_twice_doubles_the_interval_new_body_halves_it(tmp_path: Path) -> None:
    made = recorder(tmp_path)
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>1</rss>")) == 3600
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>1</rss>")) == 7200
    assert fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss>2</rss>")) == 3600
    assert fetch(made, Response("http://a.org/feed", status=304)) == 7200
    assert made.stats.get_value("frontier/unchanged") == 2


def test_validators_are_kept_for_the_next_conditional_get(tmp_path: Path) -> None:
    made = recorder(tmp_path)
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}
    fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss/>", headers=headers))
    fetch(made, Response("http://a.org/feed", status=304))
    visit = made.store.visit("k")
    assert visit is not None and visit.etag == '"abc"' and visit.last_modified == headers["Last-Modified"]


def test_a_revisit_asks_with_the_last_validators(tmp_path: Path) -> None:
    from scrapy import Request

    from crawler.middlewares.frontier import ConditionalGetMiddleware

    state = crawl_state(tmp_path)
    made = state.recorder
    made.store.push(FrontierEntry("k", "http://a.org/feed", 0, "{}"))
    headers = {"ETag": '"abc"', "Last-Modified": "Mon, 23 Nov 2026 06:00:00 GMT"}
    fetch(made, HtmlResponse("http://a.org/feed", body=b"<rss/>", headers=headers))
    middleware = ConditionalGetMiddleware(state)
    revisit = Request("http://a.org/feed", meta={"frontier_key": "k"})
    middleware.process_request(revisit)
    assert revisit.headers["If-None-Match"] == b'"abc"'
    assert revisit.headers["If-Modified-Since"] == headers["Last-Modified"].encode()
    first = Request("http://a.org/other", meta={"frontier_key": "never-seen"})
    middleware.process_request(first)
    assert b"If-None-Match" not in first.headers
