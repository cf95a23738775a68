"""The topic spider, built by get_crawler and fed fake responses (no network)."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.items import Page
from crawler.spiders.topic import TopicSpider, split_urls

BASE = "http://127.0.0.1:8001"


def spider(**kwargs: Any) -> TopicSpider:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(TopicSpider, settings_dict=values)
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
    assert urls == [f"{BASE}/", "http://127.0.0.1:8002/feed.xml", f"{BASE}/robots.txt", "http://127.0.0.1:8002/robots.txt"]


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


def test_robots_txt_sitemaps_are_followed() -> None:
    s = spider(urls=f"{BASE}/")
    body = f"User-agent: *\nDisallow: /prive/\nSitemap: {BASE}/sitemap_index.xml\n".encode()
    out = run(s, TextResponse(f"{BASE}/robots.txt", body=body, headers={"Content-Type": "text/plain"}), source="robots")
    assert [r.url for r in out] == [f"{BASE}/sitemap_index.xml"]


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


def test_hub_page_yields_only_requests() -> None:
    html = b"<html><body><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></body></html>"
    out = run(spider(urls=f"{BASE}/"), HtmlResponse(f"{BASE}/section", body=html), source="link", hints={})
    assert all(isinstance(o, Request) for o in out) and len(out) == 2
