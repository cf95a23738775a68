"""The replica web of scripts/bench_crawl.py: what each host serves, and the hosts-active-per-minute figure."""

from __future__ import annotations

import gzip
from pathlib import Path

from scripts.crawlweb import CrawlWeb, Host, WebPage, hosts_active_per_minute


def test_a_host_serves_robots_sitemaps_home_and_its_pages(tmp_path: Path) -> None:
    page_file = tmp_path / "a.html.gz"
    page_file.write_bytes(gzip.compress(b"<html><a href='https://news.test/other'>x</a></html>"))
    listed = WebPage("http://news.test/2024/a-story?id=1", page_file, article=True, title="A story", listed=True)
    unlisted = WebPage("http://news.test/b", page_file, article=True, title="B story", listed=False)
    web = CrawlWeb([Host("news.test", [listed, unlisted])])
    try:
        assert b"Sitemap: http://news.test/sitemap_index.xml" in web.answer("http://news.test/robots.txt", "")[3]
        assert b"/sitemap-news.xml" in web.answer("/sitemap_index.xml", "news.test")[3]
        news = web.answer("http://news.test/sitemap-news.xml", "")[3]
        assert b"a-story" in news and b"/b<" not in news and b"<news:title>A story</news:title>" in news
        home = web.answer("http://news.test/", "")[3]
        assert b"a-story" in home and b'href="http://news.test/b"' in home
        host, status, _, body = web.answer("http://news.test/2024/a-story?id=1", "")
        assert (host, status) == ("news.test", 200) and b"http://news.test/other" in body  # https made http
        assert web.answer("http://news.test/other", "")[1] == 404
        assert web.articles() == {listed.url, unlisted.url} and web.listed_articles() == {listed.url}
    finally:
        web.close()


def test_hosts_active_per_minute() -> None:
    log = [(0.0, "a", "/", 200), (10.0, "b", "/", 200), (70.0, "a", "/x", 200), (130.0, "b", "/y", 200)]
    # minute 0: a and b requested; minute 1: a requested, b pending (it has a later request); minute 2: b
    assert hosts_active_per_minute(log) == [(0, 2, 2), (1, 1, 2), (2, 1, 1)]


def test_an_article_read_as_a_hub_is_told_listed_or_not(tmp_path: Path) -> None:
    from scripts.bench_crawl import missed

    page_file = tmp_path / "a.html.gz"
    page_file.write_bytes(gzip.compress(b"<html><p>x</p></html>"))
    pages = [WebPage(f"http://news.test/{n}", page_file, article=True, listed=n in ("a", "c")) for n in "abcd"]
    web = CrawlWeb([Host("news.test", pages)])
    try:
        rejected = tmp_path / "rejected.jsonl"
        rejected.write_text('{"url": "http://news.test/c", "reason": "not_article/page: score -1"}\n')
        fetched = [(0.0, "news.test", f"/{n}", 200) for n in "abc"]
        why = missed(web, set(), rejected, fetched)
        assert why == {"read as a hub (listed)": 1, "read as a hub (unlisted)": 1, "not_article/page": 1, "not fetched": 1}
    finally:
        web.close()
