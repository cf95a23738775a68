"""The topic spider (and its page-budget middleware), built by get_crawler and fed fake responses (no network)."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.items import Page
from crawler.middlewares.budget import HostBudgetMiddleware
from crawler.middlewares.requeue import RequeueMiddleware
from crawler.spiders.topic import TopicSpider
from crawler.spiders.topic_setup import split_urls

BASE = "http://127.0.0.1:8001"
DATA = Path(__file__).resolve().parents[1] / "data" / "relevance"


def spider(settings: dict[str, Any] | None = None, **kwargs: Any) -> TopicSpider:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(TopicSpider, settings_dict={**values, **(settings or {})})
    crawler.spider = crawler._create_spider(**kwargs)
    crawler.stats.open_spider()
    return crawler.spider  # type: ignore[no-any-return]


def started(s: TopicSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [r async for r in s.start()]

    return asyncio.run(collect())


def run(s: TopicSpider, response: Any, **kwargs: Any) -> list[Any]:
    return list(s.parse(response, **kwargs))


def test_urls_argument_replaces_seeds_and_domains() -> None:
    s = spider(urls=f"{BASE}/, http://127.0.0.1:8002/feed.xml")
    assert s.seeds == [f"{BASE}/", "http://127.0.0.1:8002/feed.xml"]
    assert s.allowed_domains == ["127.0.0.1"]
    urls = [r.url for r in started(s)]
    assert urls == [f"{BASE}/", "http://127.0.0.1:8002/feed.xml"]  # robots.txt: the robots middleware fetches it


def test_default_profile_seeds_and_domains() -> None:
    s = spider()
    assert len(s.seeds) >= 10 and "lemonde.fr" in s.allowed_domains


@pytest.mark.parametrize("bad", ["", "ftp://x.org/", "not a url", "file:///etc/passwd"])
def test_bad_urls_argument_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="urls= needs"):
        split_urls(bad)


def test_news_sitemap_entries_carry_their_title_and_date() -> None:
    body = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{BASE}/a?utm_source=x</loc>
    <news:news><news:publication><news:name>U</news:name><news:language>fr</news:language></news:publication>
    <news:publication_date>2019-02-13T10:20:00+01:00</news:publication_date><news:title>Huawei</news:title></news:news>
    </url><url><loc>https://elsewhere.org/b</loc></url></urlset>""".encode()
    s = spider(urls=f"{BASE}/")
    out = run(s, XmlResponse(f"{BASE}/news.xml", body=gzip.compress(body)))
    assert [r.url for r in out] == [f"{BASE}/a"]
    assert out[0].cb_kwargs["hints"]["title"] == "Huawei"
    assert out[0].cb_kwargs["hints"]["published"].startswith("2019-02-13T10:20")


class FakeEngine:
    def __init__(self) -> None:
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


def test_robots_txt_sitemaps_handed_over_are_followed_within_allowed_domains() -> None:
    s = spider(urls=f"{BASE}/")
    engine = s.crawler.engine = FakeEngine()  # type: ignore[assignment]
    s.robots_sitemaps([f"{BASE}/sitemap_index.xml", "/news-sitemap.xml", "ftp://a.example/s.xml"], f"{BASE}/robots.txt")
    s.robots_sitemaps(["https://elsewhere.org/sitemap.xml"], "https://elsewhere.org/robots.txt")
    # relative Sitemap: lines resolve against robots.txt; other schemes are not fetched
    assert [r.url for r in engine.crawled] == [f"{BASE}/sitemap_index.xml", f"{BASE}/news-sitemap.xml"]
    assert engine.crawled[0].cb_kwargs["source"] == "robots-sitemap"


def test_feed_named_like_a_page_is_read_as_a_feed() -> None:
    body = f"""<rss version="2.0"><channel><title>W</title><item><title>ZTE</title>
    <link>{BASE}/zte-ban</link><pubDate>Tue, 17 Apr 2018 08:45:00 GMT</pubDate></item></channel></rss>""".encode()
    out = run(spider(urls=f"{BASE}/"), HtmlResponse(f"{BASE}/news.html", body=body))
    assert [r.url for r in out] == [f"{BASE}/zte-ban"] and out[0].cb_kwargs["source"] == "feed"


def test_article_page_becomes_a_page_item_and_its_links_requests() -> None:
    html = b"""<html><head><meta property="og:type" content="article">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>
    <a href="/other?utm_medium=x#top">Other</a><a href="https://offsite.org/x">Off</a>
    <a href="/photo.jpg">img</a></body></html>"""
    response = HtmlResponse(f"{BASE}/story", body=html, request=Request(f"{BASE}/story"))
    out = run(spider(urls=f"{BASE}/"), response, source="link", hints={})
    pages = [o for o in out if isinstance(o, Page)]
    assert len(pages) == 1 and pages[0].url == f"{BASE}/story" and pages[0].body == html
    assert [r.url for r in out if isinstance(r, Request)] == [f"{BASE}/rss.xml", f"{BASE}/other"]


def test_a_listed_page_is_not_parsed_when_nothing_reads_its_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links not followed, not an entry page: a sitemap's page goes to extraction as it is, unparsed here."""
    import crawler.spiders.topic as topic

    parsed: list[str] = []
    real = topic.parse_html
    monkeypatch.setattr(topic, "parse_html", lambda body, *a: parsed.append("x") or real(body, *a))
    html = b"<html><body><p>A story.</p><a href='/next'>Next story of the day</a></body></html>"
    request = Request(f"{BASE}/story", meta={"depth": 1})
    response = HtmlResponse(f"{BASE}/story", body=html, request=request)
    out = run(spider({"TOPIC_FOLLOW_LINKS": False}, urls=f"{BASE}/"), response, source="sitemap", hints={})
    assert [type(o) for o in out] == [Page] and not parsed
    out = run(spider(urls=f"{BASE}/"), response, source="sitemap", hints={})  # its links are read: parsed
    assert isinstance(out[-1], Page) and parsed
    entry = HtmlResponse(f"{BASE}/story", body=html, request=Request(f"{BASE}/story"))  # an entry page: its feeds
    parsed.clear()
    run(spider({"TOPIC_FOLLOW_LINKS": False}, urls=f"{BASE}/"), entry, source="sitemap", hints={})
    assert parsed


def test_hub_page_yields_only_requests() -> None:
    html = b"<html><body><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></body></html>"
    out = run(spider(urls=f"{BASE}/"), HtmlResponse(f"{BASE}/section", body=html), source="link", hints={})
    assert all(isinstance(o, Request) for o in out) and len(out) == 2


def test_a_text_page_without_article_markup_is_a_candidate_and_explored_as_a_hub() -> None:
    """Text in list items (no <p>, no article markup): extraction decides what it is; its links are followed freely."""
    text = "".join(f"<li>Step {i}: plan the week, read the course notes twice and write down every question.</li>"
                   for i in range(16))
    links = "".join(f"<a href='/s/{i}'>S{i}</a>" for i in range(3))
    html = f"<html><body><div><h1>Tips for success</h1><ul>{text}</ul></div>{links}</body></html>".encode()
    s = spider(urls=f"{BASE}/")
    request = Request(f"{BASE}/help/tips", meta={"frontier_url": f"{BASE}/help/tips", "depth": 0})
    out = run(s, HtmlResponse(f"{BASE}/help/tips", body=html, request=request), source="link", hints={})
    assert [o.url for o in out if isinstance(o, Page)] == [f"{BASE}/help/tips"]
    assert sorted(r.url for r in out if isinstance(r, Request)) == [f"{BASE}/s/{i}" for i in range(3)]
    assert not s.discovered.take_hub(f"{BASE}/help/tips")  # extracted: a later listing need not fetch it again


# --- best-first priorities, date window, query feeds, budgets ---------------------------------
ON_TOPIC_ARTICLE = b"""<html><head><meta property="og:type" content="article"><title>FCC</title></head><body>
<nav><a href="/sport/">Sport</a></nav><article><h1>La FCC bannit Huawei et ZTE</h1>
<p>La FCC juge Huawei dangereux pour la securite nationale.</p>
<p>ZTE est aussi vise par une <a href="/a/next">interdiction</a>.</p>
</article><section class="related"><a href="/a/zte-ban">ZTE : Washington prolonge l'interdiction</a></section>
<aside><a href="/a/p30-promo">Huawei P30 en promo</a></aside></body></html>"""
OFF_TOPIC_ARTICLE = ON_TOPIC_ARTICLE.replace(b"La FCC bannit Huawei et ZTE", b"Rovers win the cup").replace(
    b"<p>La FCC juge Huawei dangereux pour la securite nationale.</p>\n<p>ZTE est aussi vise par une",
    b"<p>Rovers won the cup on Saturday.</p>\n<p>Keane scored late, a",
)


def page_response(url: str, body: bytes) -> HtmlResponse:
    return HtmlResponse(url, body=body, request=Request(url))


def priorities(out: list[Any]) -> dict[str, int]:
    return {r.url.removeprefix(BASE): r.priority for r in out if isinstance(r, Request)}


def test_link_priorities_come_from_anchors_and_the_page_they_are_on() -> None:
    s = spider(urls=f"{BASE}/")
    on = priorities(run(s, page_response(f"{BASE}/a/1", ON_TOPIC_ARTICLE), source="link", hints={}))
    off = priorities(run(s, page_response(f"{BASE}/a/2", OFF_TOPIC_ARTICLE), source="link", hints={}))
    assert on["/a/zte-ban"] > on["/a/next"] > on["/sport/"] and on["/a/zte-ban"] > on["/a/p30-promo"]
    assert off["/a/next"] < on["/a/next"] and off["/a/zte-ban"] < on["/a/zte-ban"]  # links of an off-topic page sink
    assert off["/a/zte-ban"] > off["/a/next"]  # but an on-topic anchor still counts
    assert off["/sport/"] == on["/sport/"] and off["/a/p30-promo"] == on["/a/p30-promo"]  # the chrome says nothing
    assert s.crawler.stats.get_value("discovery/pages/offtopic") == 1


def test_flat_priorities_when_best_first_is_off() -> None:
    s = spider(urls=f"{BASE}/", settings={"TOPIC_BEST_FIRST": False})
    assert {r.priority for r in started(s)} == {0}
    assert set(priorities(run(s, page_response(f"{BASE}/a/1", ON_TOPIC_ARTICLE), source="link", hints={})).values()) == {0}


def test_structure_outranks_listed_entries_which_rank_by_title() -> None:
    s = spider(urls=f"{BASE}/")
    assert {r.priority for r in started(s)} == {1000}
    body = f"""<rss version="2.0"><channel><item><title>ZTE banned over national security</title><link>{BASE}/a</link>
    </item><item><title>Cup final</title><link>{BASE}/b</link></item></channel></rss>""".encode()
    found = priorities(run(s, XmlResponse(f"{BASE}/rss.xml", body=body)))
    assert 1000 > found["/a"] > found["/b"] > 0


def test_entries_dated_before_the_window_are_not_followed() -> None:
    s = spider(urls=f"{BASE}/", settings={"TOPIC_SINCE": "2019-01-01"})
    feed = f"""<rss version="2.0"><channel><item><title>ZTE</title><link>{BASE}/old</link>
    <pubDate>Tue, 17 Apr 2018 08:45:00 GMT</pubDate></item><item><title>Huawei</title><link>{BASE}/new</link>
    <pubDate>Tue, 30 Jun 2020 08:45:00 GMT</pubDate></item><item><link>{BASE}/undated</link></item></channel></rss>""".encode()
    assert [r.url for r in run(s, XmlResponse(f"{BASE}/rss.xml", body=feed))] == [f"{BASE}/new", f"{BASE}/undated"]
    index = f"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{BASE}/sitemap-2017.xml</loc><lastmod>2017-12-31</lastmod></sitemap>
    <sitemap><loc>{BASE}/sitemap-2020.xml</loc><lastmod>2020-12-31</lastmod></sitemap></sitemapindex>""".encode()
    assert [r.url for r in run(s, XmlResponse(f"{BASE}/sitemap_index.xml", body=index))] == [f"{BASE}/sitemap-2020.xml"]
    assert s.crawler.stats.get_value("discovery/skipped/too_old") == 2


def test_query_feeds_start_with_the_profile_seeds_only(tmp_path: Path) -> None:
    assert not [r for r in started(spider(urls=f"{BASE}/")) if "query" in r.cb_kwargs["source"]]
    queries = [r for r in started(spider()) if r.cb_kwargs["source"].startswith("query-")]
    assert [r.cb_kwargs["source"] for r in queries] == ["query-gdelt", "query-gdelt", "query-rss", "query-rss"]
    assert all(r.meta["allow_offsite"] and r.priority == 1000 for r in queries)
    assert not [r for r in started(spider(settings={"TOPIC_QUERY_FEEDS": False})) if "query" in r.cb_kwargs["source"]]


def test_query_feed_answers_become_offsite_article_requests() -> None:
    s = spider()
    body = (DATA / "gdelt_artlist.json").read_bytes()
    out = run(s, TextResponse("https://api.gdeltproject.org/api/v2/doc/doc?query=x", body=body), source="query-gdelt")
    assert len(out) == 4 and all(r.cb_kwargs["source"] == "query" and r.meta["allow_offsite"] for r in out)
    assert out[0].cb_kwargs["hints"]["published"] == "2020-07-30T08:15:00+00:00"
    rss = (DATA / "bing_news.xml").read_bytes()
    out = run(s, XmlResponse("https://www.bing.com/news/search?q=x&format=rss", body=rss), source="query-rss")
    assert out[1].url == "https://actu.example-hub.fr/article/fcc-huawei-zte-menace"
    run(s, TextResponse("https://api.gdeltproject.org/x", body=b"Invalid query"), source="query-gdelt")
    assert s.crawler.stats.get_value("discovery/errors/query") == 1


def test_a_query_result_page_is_an_article_candidate_whose_offsite_links_are_not_followed() -> None:
    s = spider()
    html = b"<html><body><p>short</p><a href='/next'>next</a><a href='https://www.lemonde.fr/x'>LM</a></body></html>"
    out = run(s, page_response("https://elsewhere.example/story", html), source="query", hints={"title": "T"})
    assert isinstance(out[-1], Page) and out[-1].source == "query"  # the page comes after its requests
    assert [r.url for r in out[:-1]] == ["https://www.lemonde.fr/x"]


def test_profile_budgets_become_settings_unless_the_command_line_set_them(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('name = "t"\n[[groups]]\nname = "g"\nterms = ["a"]\n[budgets]\npages_per_host = 7\ndepth = 9\n', "utf-8")
    crawler = Crawler(TopicSpider, Settings({"DEPTH_LIMIT": 4}))
    crawler.settings.set("DEPTH_LIMIT", 2, priority="cmdline")
    crawler._create_spider(profile=str(path))
    assert crawler.settings.getint("TOPIC_PAGES_PER_HOST") == 7
    assert crawler.settings.getint("DEPTH_LIMIT") == 2
    assert crawler.settings.get("TOPIC_PROFILE") == str(path)
    other = Crawler(TopicSpider, Settings({"DEPTH_LIMIT": 4, "TOPIC_PROFILE": str(path)}))
    assert other._create_spider().profile.name == "t" and other.settings.getint("DEPTH_LIMIT") == 9


def test_host_budget_middleware() -> None:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(TopicSpider, settings_dict={**values, "TOPIC_PAGES_PER_HOST": 2})
    mw = HostBudgetMiddleware.from_crawler(crawler)
    for path in ("/robots.txt", "/a", "/b", "/robots.txt"):
        assert mw.process_request(Request(f"{BASE}{path}")) is None
    with pytest.raises(IgnoreRequest, match="page budget of http://127.0.0.1:8001 spent"):
        mw.process_request(Request(f"{BASE}/c"))
    assert mw.process_request(Request("http://127.0.0.1:8002/c")) is None  # another port, another host
    assert crawler.stats.get_value("budget/dropped/pages_per_host") == 1
    with pytest.raises(NotConfigured):
        HostBudgetMiddleware.from_crawler(get_crawler(TopicSpider, settings_dict={**values, "TOPIC_PAGES_PER_HOST": 0}))


def test_a_url_found_again_much_higher_is_queued_again_unless_already_sent() -> None:
    s = spider(urls=f"{BASE}/")
    sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{BASE}/a/9</loc></url></urlset>'.encode()
    first = run(s, XmlResponse(f"{BASE}/sitemap.xml", body=sitemap))[0]
    html = f'<html><body><main><ul><li><a href="{BASE}/a/9">La FCC interdit Huawei et ZTE</a></li></ul></main></body></html>'
    again = run(s, page_response(f"{BASE}/tag/huawei/", html.encode()), source="link", hints={})[0]
    assert not first.dont_filter and again.dont_filter and again.priority >= first.priority + 25
    assert again.meta["frontier_url"] == first.meta["frontier_url"] == f"{BASE}/a/9"
    assert first.meta["frontier_first"] and "frontier_first" not in again.meta
    assert s.crawler.stats.get_value("frontier/requeued") == 1
    s.reached_downloader(again)
    later = page_response(f"{BASE}/tag/zte/", html.encode().replace(b"FCC", b"FCC ban"))
    assert not run(s, later, source="link", hints={})[0].dont_filter


def test_a_url_the_scheduler_refused_is_not_queued_again() -> None:
    """E.g. an article the durable frontier has done in an earlier run and that is not due: no dont_filter bypass."""
    s = spider(urls=f"{BASE}/")
    sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{BASE}/a/9</loc></url></urlset>'.encode()
    s.dropped(run(s, XmlResponse(f"{BASE}/sitemap.xml", body=sitemap))[0])
    html = f'<html><body><main><a href="{BASE}/a/9">La FCC interdit Huawei et ZTE</a></main></body></html>'
    assert not run(s, page_response(f"{BASE}/tag/huawei/", html.encode()), source="link", hints={})[0].dont_filter


def test_requeue_middleware_fetches_a_url_once() -> None:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(TopicSpider, settings_dict=values)
    mw = RequeueMiddleware.from_crawler(crawler)
    first = Request(f"{BASE}/a/9", meta={"frontier_url": f"{BASE}/a/9"})
    assert mw.process_request(first.replace(dont_filter=True)) is None
    assert mw.process_request(Request(f"{BASE}/a/9", meta={"frontier_url": f"{BASE}/a/9", "retry_times": 1})) is None
    stale = first.replace(meta={**first.meta, "frontier_key": "abc"})
    with pytest.raises(IgnoreRequest, match="already fetched"):
        mw.process_request(stale)
    assert "frontier_key" not in stale.meta  # the durable frontier does not record the stale copy as a failure
    assert mw.process_request(Request(f"{BASE}/robots.txt")) is None
    assert crawler.stats.get_value("requeue/dropped/stale") == 1
    with pytest.raises(NotConfigured):
        RequeueMiddleware.from_crawler(get_crawler(TopicSpider, settings_dict={**values, "TOPIC_BEST_FIRST": False}))
