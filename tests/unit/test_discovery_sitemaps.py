"""Unit tests of crawler.discovery.sitemaps: XML, news, gzip, text, robots.txt."""

from __future__ import annotations

import gzip

import pytest

from crawler.discovery.sitemaps import (
    Sitemap,
    SitemapEntry,
    SitemapError,
    parse_sitemap,
    robots_sitemaps,
)

BASE = "https://www.example.com/sitemap.xml"

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>  https://www.example.com/sitemap-news.xml
    </loc>
    <lastmod>2019-02-13T10:20:00+00:00</lastmod>
  </sitemap>
  <sitemap><loc>/sitemap-2019.xml.gz</loc><lastmod>2019-02</lastmod></sitemap>
  <sitemap><loc></loc></sitemap>
</sitemapindex>
"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.example.com/a</loc><lastmod>2019-02-13</lastmod></url>
  <url><loc>https://www.example.com/b?x=1&amp;y=2</loc></url>
  <url><loc>ftp://www.example.com/c</loc></url>
  <url><lastmod>2019-02-13</lastmod></url>
</urlset>
"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.example.com/2019/02/13/floods</loc>
    <news:news>
      <news:publication>
        <news:name>Example Times</news:name>
        <news:language>de</news:language>
      </news:publication>
      <news:publication_date>2019-02-13T10:20:00+01:00</news:publication_date>
      <news:title><![CDATA[Überschwemmung & Sturm]]></news:title>
    </news:news>
  </url>
  <url><loc>https://www.example.com/plain</loc></url>
</urlset>
""".encode()


def test_sitemap_index() -> None:
    assert parse_sitemap(INDEX, BASE) == Sitemap(
        kind="index",
        entries=(
            SitemapEntry(
                "https://www.example.com/sitemap-news.xml",
                lastmod="2019-02-13T10:20:00+00:00",
            ),
            SitemapEntry(
                "https://www.example.com/sitemap-2019.xml.gz",
                lastmod="2019-02-01T00:00:00",
            ),
        ),
    )


def test_urlset() -> None:
    sitemap = parse_sitemap(URLSET, BASE)
    assert sitemap.kind == "urlset"
    assert sitemap.entries == (
        SitemapEntry("https://www.example.com/a", lastmod="2019-02-13T00:00:00"),
        SitemapEntry("https://www.example.com/b?x=1&y=2"),
    )


def test_news_sitemap() -> None:
    sitemap = parse_sitemap(NEWS, BASE)
    assert sitemap.entries == (
        SitemapEntry(
            "https://www.example.com/2019/02/13/floods",
            news_title="Überschwemmung & Sturm",
            news_published="2019-02-13T10:20:00+01:00",
            news_language="de",
        ),
        SitemapEntry("https://www.example.com/plain"),
    )


def test_bare_sitemap_without_namespace() -> None:
    body = b"<urlset><url><loc>https://x.example/1</loc></url></urlset>"
    assert parse_sitemap(body, BASE).entries == (SitemapEntry("https://x.example/1"),)


def test_gzipped_sitemap() -> None:
    assert parse_sitemap(gzip.compress(NEWS), BASE) == parse_sitemap(NEWS, BASE)


def test_gzip_bomb_is_capped() -> None:
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 64 * 1024
    with pytest.raises(SitemapError, match="inflates past"):
        parse_sitemap(bomb, BASE, max_size=1024 * 1024)


def test_gzip_under_the_cap_passes() -> None:
    body = gzip.compress(URLSET)
    assert parse_sitemap(body, BASE, max_size=len(URLSET)).kind == "urlset"
    with pytest.raises(SitemapError):
        parse_sitemap(body, BASE, max_size=len(URLSET) - 1)


def test_broken_gzip_raises() -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage-not-deflate", BASE)


def test_plain_text_sitemap() -> None:
    body = b"\xef\xbb\xbfhttps://www.example.com/a\r\n\r\n  http://www.example.com/b  \n"
    assert parse_sitemap(body, BASE) == Sitemap(
        "urlset",
        (
            SitemapEntry("https://www.example.com/a"),
            SitemapEntry("http://www.example.com/b"),
        ),
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"User-agent: *\nDisallow: /private\n",
        b"https://www.example.com/a\nnot a url\n",
        b"<html><body><a href='/a'>a</a></body></html>",
        b'<rss version="2.0"><channel></channel></rss>',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
    ],
)
def test_not_a_sitemap_raises(body: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(body, BASE)


def test_sitemap_error_is_a_value_error() -> None:
    assert issubclass(SitemapError, ValueError)


def test_external_entity_is_not_resolved() -> None:
    body = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://www.example.com/&xxe;</loc></url>
<url><loc>https://www.example.com/ok</loc>
<news:news xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<news:title>&xxe;</news:title></news:news></url></urlset>"""
    sitemap = parse_sitemap(body, BASE)
    text = repr(sitemap)
    assert "root:" not in text
    assert "/bin/" not in text
    assert SitemapEntry("https://www.example.com/ok", news_title="&xxe;") in (sitemap.entries)


def test_robots_sitemaps() -> None:
    robots = (
        b"User-agent: *\n"
        b"Disallow: /private/\n"
        b"Sitemap: https://www.example.com/sitemap-index.xml\n"
        b"sitemap: /news-sitemap.xml\n"
        b"SITEMAP: https://www.example.com/sitemap-index.xml\n"
    )
    expected = [
        "https://www.example.com/sitemap-index.xml",
        "https://www.example.com/news-sitemap.xml",
    ]
    assert robots_sitemaps(robots, "https://www.example.com/robots.txt") == expected
    as_text = robots.decode()
    assert robots_sitemaps(as_text, "https://www.example.com/robots.txt") == expected


def test_robots_without_sitemaps() -> None:
    assert robots_sitemaps("User-agent: *\nDisallow:\n", "https://a.example/") == []
