"""Revisit intervals follow what the server's answers say: same body or 304 -> longer, new body -> shorter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.scheduling.recorder import FrontierRecorder
from crawler.scheduling.revisit import STRUCTURE
from crawler.state import CrawlState
from crawler.store.frontier import FrontierEntry


def project_crawler(tmp_path: Path) -> Crawler:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), FRONTIER_STRUCTURE_INTERVAL=3600, FRONTIER_MIN_INTERVAL=900,
                  FRONTIER_MAX_INTERVAL=86400)
    crawler = get_crawler(settings_dict=values)
    crawler.stats.open_spider()
    return crawler


def crawl_state(tmp_path: Path) -> CrawlState:
    return CrawlState.of(project_crawler(tmp_path))


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


def test_a_page_is_done_only_after_every_link_it_yielded_was_scheduled(tmp_path: Path) -> None:
    """Scrapy consumes a callback's output ahead of the workers that schedule its requests: the done mark (and a
    Page, whose end marks its URL done) waits for the engine's request_scheduled of every request yielded."""
    import asyncio

    from scrapy import Request, signals

    from crawler.items import Page
    from crawler.middlewares.frontier import FrontierDoneMiddleware
    from crawler.store.frontier import DONE, IN_FLIGHT

    crawler = project_crawler(tmp_path)
    state = CrawlState.of(crawler)
    middleware = FrontierDoneMiddleware.from_crawler(crawler)
    for key in ("hub", "art"):
        state.frontier.push(FrontierEntry(key, f"http://a.org/{key}", 0, "{}"))
        state.frontier.pop()
    links = {key: [Request(f"http://a.org/{key}/{n}") for n in range(3)] for key in ("hub", "art")}

    async def output(key: str) -> Any:
        if key == "art":
            yield Page(url="http://a.org/art", body=b"", headers={}, fetched_at="")
        for request in links[key]:
            yield request

    async def scrape(key: str, events: list[str]) -> None:
        """Like Scrapy's scraper: take the output at once, schedule its requests a moment later."""
        response = HtmlResponse(f"http://a.org/{key}", body=b"<html/>", request=Request(
            f"http://a.org/{key}", meta={"frontier_key": key}))
        loop = asyncio.get_running_loop()
        async for item in middleware.process_spider_output(response, output(key)):
            if isinstance(item, Request):
                def schedule(request: Request = item) -> None:
                    events.append(f"status at push: {state.frontier.visit(key).status}")  # type: ignore[union-attr]
                    crawler.signals.send_catch_log(signals.request_scheduled, request=request, spider=None)
                loop.call_later(0.01, schedule)
            else:
                events.append(f"page after {len(events)} pushes")
        events.append(f"end: {state.frontier.visit(key).status}")  # type: ignore[union-attr]

    for key, last in (("hub", DONE), ("art", IN_FLIGHT)):  # an article page is settled by its item's end
        events: list[str] = []
        asyncio.run(scrape(key, events))
        pushes = [e for e in events if e.startswith("status at push")]
        assert pushes == [f"status at push: {IN_FLIGHT}"] * 3
        assert events[-1] == f"end: {last}"
        if key == "art":
            assert events[3] == "page after 3 pushes"


def test_a_candidate_found_to_be_a_listing_is_revisited_as_a_hub(tmp_path: Path) -> None:
    from crawler.scheduling.revisit import ARTICLE

    made = recorder(tmp_path)
    made.store.push(FrontierEntry("art", "http://a.org/story", 0, "{}"))
    assert made.settle("k", "not_article/listing") and made.settle("art", "not_article/product")
    hub, article = made.store.visit("k"), made.store.visit("art")
    assert hub is not None and hub.kind == STRUCTURE and hub.interval == 3600
    assert article is not None and article.kind == ARTICLE and article.interval > 86400
