"""The topic spider on real-web situations: a URL listed after its link was read, session ids,
links of articles, hosts of dead links, huge pages; and the scheduler serving many hosts at once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import Page
from crawler.middlewares.deadhosts import FailingHostMiddleware
from crawler.middlewares.requeue import RequeueMiddleware
from tests.component.test_durable_scheduler import opened
from tests.component.test_topic_spider import spider

BASE = "http://127.0.0.1:8001"
OTHER = "http://127.0.0.1:8002"
LINK: dict[str, Any] = {"source": "link", "hints": {}}
SITEMAP = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'


def sitemap(*urls: str) -> XmlResponse:
    body = SITEMAP.format("".join(f"<url><loc>{u}</loc></url>" for u in urls)).encode()
    return XmlResponse(f"{BASE}/sitemap.xml", body=body, request=Request(f"{BASE}/sitemap.xml", meta={"depth": 1}))


def response_to(request: Request, body: bytes, status: int = 200) -> HtmlResponse:
    return HtmlResponse(request.url, body=body, status=status, request=request)


def parse(s: Any, response: Any) -> list[Any]:
    request = response.request
    kwargs = request.cb_kwargs if request is not None and request.cb_kwargs else {"source": "link", "hints": {}}
    return list(s.parse(response, **kwargs))


def requests(out: list[Any]) -> list[Request]:
    return [o for o in out if isinstance(o, Request)]


# A page that says nothing of being an article: read as a hub when reached by a link.
PLAIN = b"<html><head><title>Notes</title></head><body><div><p>Short text.</p><a href='/x'>x</a></div></body></html>"
HOME = f'<html><body><main><a href="{BASE}/2024/notes-on-the-vote">Notes on the vote</a></main></body></html>'.encode()


def test_a_url_read_as_a_hub_then_listed_is_fetched_again_once_as_an_article() -> None:
    s = spider(urls=f"{BASE}/")
    (link,) = requests(parse(s, response_to(Request(f"{BASE}/", meta={"depth": 0}), HOME)))
    s.reached_downloader(link)
    read = parse(s, response_to(link.replace(meta={**link.meta, "depth": 1}), PLAIN))
    assert not [o for o in read if isinstance(o, Page)]  # read as a hub
    (listed,) = parse(s, sitemap(link.url))
    assert listed.url == link.url and listed.dont_filter and listed.meta["relisted"]
    assert listed.cb_kwargs["source"] == "sitemap"
    assert RequeueMiddleware(s.crawler.stats).process_request(listed) is None  # not refused as a stale copy
    pages = [o for o in parse(s, response_to(listed, PLAIN)) if isinstance(o, Page)]
    assert len(pages) == 1 and pages[0].source == "sitemap"
    again = parse(s, sitemap(link.url))  # a second listing: no third fetch
    assert not any(r.dont_filter for r in requests(again))
    assert s.crawler.stats.get_value("discovery/relisted") == 1


def test_a_url_listed_while_its_link_request_waits_is_read_as_an_article_without_a_second_fetch() -> None:
    s = spider(urls=f"{BASE}/")
    (link,) = requests(parse(s, response_to(Request(f"{BASE}/", meta={"depth": 0}), HOME)))
    s.reached_downloader(link)
    listed = requests(parse(s, sitemap(link.url)))
    assert not any(r.dont_filter for r in listed)  # the request in flight is enough
    out = parse(s, response_to(link, PLAIN))  # the link's own response, source "link"
    pages = [o for o in out if isinstance(o, Page)]
    assert len(pages) == 1 and pages[0].source == "sitemap"


def test_session_ids_never_make_a_new_url() -> None:
    trap = "".join(
        f'<a href="/forum/view.php?t=7&{p}={i}x{i}">A thread on the vote</a>'
        for i, p in enumerate(["PHPSESSID", "sid", "SID", "jsessionid", "osCsid", "utm_source"])
    )
    trap += '<a href="/forum/view.php;jsessionid=A1B2C3?t=7">A thread on the vote</a>'
    trap += '<a href="/(S(lit3py55t21z5v55vlm25s55))/forum/view.php?t=7">A thread on the vote</a>'
    s = spider(urls=f"{BASE}/")
    page = f"<html><body>{trap}</body></html>".encode()
    out = requests(parse(s, response_to(Request(f"{BASE}/", meta={"depth": 0}), page)))
    assert {r.url for r in out} == {f"{BASE}/forum/view.php?t=7"}
    assert len(out) == 1  # one URL, one request


ARTICLE = """<html><head><meta property="og:type" content="article"><title>T</title></head><body>
<nav><a href="/about">About us</a><a href="/world/">World</a></nav>
<article><h1>A story</h1><p>Text.</p><a href="{a}">Ministers agree on the new budget</a>
<a href="{b}">More</a>
<a href="/privacy-and-cookie-policy-of-the-site">Our privacy and cookie policy</a></article></body></html>"""


def test_links_of_an_article_are_followed_on_their_site_s_article_shape_and_anchor() -> None:
    s = spider(urls=f"{BASE}/")
    shaped = [f"{BASE}/2024/05/{slug}" for slug in ("vote-on-the-budget", "minister-resigns-today", "rain-all-week-long")]
    parse(s, sitemap(*shaped))  # three articles of the host teach it its article shape /D4/D2/S
    html = ARTICLE.format(a="/2024/06/ministers-agree-on-budget", b="/2024/06/another-story-of-the-day").encode()
    request = Request(f"{BASE}/2024/05/vote-on-the-budget", meta={"depth": 3}, cb_kwargs={"source": "sitemap", "hints": {}})
    followed = {r.url.removeprefix(BASE) for r in requests(parse(s, response_to(request, html)))}
    # the headline link of the site's article shape; not "More" (no headline), nor the nav, nor a slug of another shape
    assert followed == {"/2024/06/ministers-agree-on-budget"}
    assert s.crawler.stats.get_value("links/skipped/no_merit") == 4


def fail(s: Any, request: Request) -> None:
    error = HttpError(response_to(request, b"gone", status=404))
    failure = Failure(error)
    failure.request = request  # type: ignore[attr-defined]
    s.on_error(failure)


def hub(word: str, count: int = 12) -> bytes:
    section = "".join(f'<li><a href="/2024/{word}-story-number-{i}">{word} story number {i}</a></li>' for i in range(count))
    return f"<html><body><main><ul>{section}</ul></main></body></html>".encode()


def test_a_host_whose_followed_links_fail_stops_being_explored_by_links() -> None:
    s = spider(urls=f"{BASE}/,{OTHER}/")
    middleware = FailingHostMiddleware(s.crawler)
    links = requests(parse(s, response_to(Request(f"{BASE}/news/", meta={"depth": 1}), hub("dead"))))
    assert len(links) == 12 and all(r.meta["gated"] for r in links)  # all queued: the scheduler sends them a few at a time
    fail(s, links[0])
    fail(s, links[1])
    assert s.merit.explorable(f"{BASE}/x")  # two failures are not enough to judge the host
    fail(s, links[2])  # three of three: the host is failing
    assert not s.merit.explorable(f"{BASE}/x")
    with pytest.raises(IgnoreRequest, match="mostly fail"):  # a link queued before is not sent
        middleware.process_request(links[3])
    assert not requests(parse(s, response_to(Request(f"{BASE}/again/", meta={"depth": 1}), hub("gone"))))
    assert s.crawler.stats.get_value("links/skipped/failing_host") == 12
    assert requests(parse(s, sitemap(f"{BASE}/2024/listed-story")))  # its listings still are read
    other = requests(parse(s, response_to(Request(f"{OTHER}/news/", meta={"depth": 1}), hub("dead"))))
    assert len(other) == 12  # another host is judged on its own links


ARTICLE_PAGE = b"<html><body><p>Some page.</p></body></html>"


def test_links_that_work_open_the_window(tmp_path: Path) -> None:
    scheduler, s = opened(tmp_path)
    scheduler.idle = lambda: False  # answers are on their way
    for link in requests(parse(s, response_to(Request(f"{BASE}/news/", meta={"depth": 1}), hub("live")))):
        assert scheduler.enqueue_request(link)
    first = scheduler.next_request()
    assert first is not None and first.meta["window"]
    assert scheduler.next_request() is None and len(scheduler) == 11  # slow start: one sent, eleven wait, pending
    parse(s, response_to(first, ARTICLE_PAGE))  # it answered: the window grows from 1 to 2
    sent = [scheduler.next_request() for _ in range(3)]
    assert sent[0] is not None and sent[1] is not None and sent[2] is None  # two more go, no more
    assert scheduler.stats.get_value("links/window/sent") == 3
    scheduler.close("shutdown")


def test_a_followed_link_fetched_under_its_listing_s_request_lets_its_host_s_next_link_out(tmp_path: Path) -> None:
    scheduler, s = opened(tmp_path)
    scheduler.idle = lambda: False
    for link in requests(parse(s, response_to(Request(f"{BASE}/news/", meta={"depth": 1}), hub("vote", 3)))):
        scheduler.enqueue_request(link)
    first = scheduler.next_request()
    assert first is not None and first.meta["window"] and scheduler.next_request() is None
    (listed,) = requests(parse(s, sitemap(first.url)))  # listed since: queued again above the link, not gated
    assert listed.url == first.url and not listed.meta.get("gated")
    parse(s, response_to(listed, b"<html><body><p>A story.</p></body></html>"))  # its URL answered under the listing's
    following = scheduler.next_request()
    assert following is not None and following.meta["gated"]  # the host's next link, not kept until the crawl idles
    scheduler.close("shutdown")


def test_a_huge_page_is_read_only_up_to_the_parse_cap() -> None:
    s = spider({"TOPIC_MAX_PARSE_BYTES": 64 * 1024}, urls=f"{BASE}/")
    filler = "<p>" + "word " * 200 + "</p>"
    html = "<html><body><main><a href='/early-link'>Early</a>" + filler * 6000 + "<a href='/late-link'>Late</a></main>"
    body = (html + "</body></html>").encode()
    assert len(body) > 5 * 1024 * 1024
    started = time.process_time()
    out = parse(s, response_to(Request(f"{BASE}/", meta={"depth": 0}), body))
    spent = time.process_time() - started
    assert [r.url.removeprefix(BASE) for r in requests(out)] == ["/early-link"]
    print(f"parse of a {len(body) // 1024} KiB page capped at 64 KiB: {spent:.3f} s of CPU")


def test_the_scheduler_hands_out_a_request_of_a_host_with_room_before_a_better_one_of_a_busy_host(tmp_path: Path) -> None:
    scheduler, s = opened(tmp_path)
    for path, priority in (("/a", 50), ("/b", 40)):
        scheduler.enqueue_request(Request(f"{BASE}{path}", callback=s.parse, priority=priority, cb_kwargs=LINK))
    scheduler.enqueue_request(Request("http://localhost:8002/c", callback=s.parse, priority=10, cb_kwargs=LINK))
    scheduler.busy_hosts = lambda: {"127.0.0.1"}
    assert scheduler.next_request().url == "http://localhost:8002/c"  # type: ignore[union-attr]
    assert scheduler.next_request() is None  # only the busy host has work: nothing now, and it waits
    assert scheduler.stats.get_value("frontier/waits/all_hosts_busy") == 1
    scheduler.busy_hosts = frozenset
    assert [scheduler.next_request().url for _ in range(2)] == [f"{BASE}/a", f"{BASE}/b"]  # type: ignore[union-attr]
    scheduler.close("finished")


def test_hosts_take_turns_within_a_priority_band(tmp_path: Path) -> None:
    scheduler, s = opened(tmp_path)
    queue = [("http://a.test/1", 100), ("http://a.test/2", 99), ("http://a.test/3", 98), ("http://b.test/1", 90),
             ("http://c.test/1", 10)]
    for url, priority in queue:
        scheduler.enqueue_request(Request(url, callback=s.parse, priority=priority, cb_kwargs=LINK))
    scheduler.last_served, scheduler.fair_band = {}, 50
    order = [scheduler.next_request().url for _ in range(5)]  # type: ignore[union-attr]
    # b.test's best is within the band of a.test's: it goes second; c.test's (90 below) only when nothing better is left
    assert order == ["http://a.test/1", "http://b.test/1", "http://a.test/2", "http://a.test/3", "http://c.test/1"]
    scheduler.close("finished")
