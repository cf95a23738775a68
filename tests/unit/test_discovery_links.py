"""Unit tests of crawler.discovery.links: anchors and canonical URLs."""

from __future__ import annotations

from crawler.discovery.links import Link, canonical_link, extract_links

PAGE = "https://www.example.com/news/index.html"


def test_extract_links_resolves_and_filters() -> None:
    html = """<html><body>
      <a href="/politics/story-1">  Story
         one </a>
      <a href="story-2#comments">Story <b>two</b></a>
      <a href="https://other.example.org/x">Elsewhere</a>
      <a href="//cdn.example.com/y">Protocol-relative</a>
      <a href="javascript:void(0)">JS</a>
      <a href=" JavaScript:alert(1)">JS again</a>
      <a href="mailto:desk@example.com">Mail</a>
      <a href="tel:+4912345">Call</a>
      <a href="data:text/html,hi">Data</a>
      <a href="#top">Top</a>
      <a href="">Empty</a>
      <a name="anchor-without-href">No href</a>
      <a href="ftp://files.example.com/f">FTP</a>
    </body></html>"""
    assert extract_links(html, PAGE) == [
        Link("https://www.example.com/politics/story-1", "Story one"),
        Link("https://www.example.com/news/story-2", "Story two"),
        Link("https://other.example.org/x", "Elsewhere"),
        Link("https://cdn.example.com/y", "Protocol-relative"),
    ]


def test_extract_links_uses_base_href() -> None:
    html = """<html><head><base href="https://static.example.net/section/"></head>
      <body><a href="article">A</a><a href="/root">B</a></body></html>"""
    assert [link.url for link in extract_links(html, PAGE)] == [
        "https://static.example.net/section/article",
        "https://static.example.net/root",
    ]


def test_extract_links_relative_base_href() -> None:
    html = '<base href="/archive/"><a href="2019">2019</a>'
    assert extract_links(html, PAGE) == [Link("https://www.example.com/archive/2019", "2019")]


def test_extract_links_deduplicates_keeping_first_text() -> None:
    html = """
      <a href="/a"><img src="t.jpg"></a>
      <a href="/a#more">Read the story</a>
      <a href="/a">Later text</a>
      <a href="/b">First B</a>
      <a href="/b">Second B</a>
    """
    assert extract_links(html, PAGE) == [
        Link("https://www.example.com/a", "Read the story"),
        Link("https://www.example.com/b", "First B"),
    ]


def test_extract_links_text_fallbacks() -> None:
    html = """
      <a href="/t" title="  Title   text "></a>
      <a href="/i"><img src="x.png" alt="Image alt"></a>
      <a href="/n"><img src="x.png"></a>
    """
    assert extract_links(html, PAGE) == [
        Link("https://www.example.com/t", "Title text"),
        Link("https://www.example.com/i", "Image alt"),
        Link("https://www.example.com/n", ""),
    ]


def test_extract_links_survives_broken_urls() -> None:
    html = '<a href="http://[broken/">x</a><a href="/ok">ok</a>'
    assert extract_links(html, PAGE) == [Link("https://www.example.com/ok", "ok")]


def test_canonical_link_with_several_rel_tokens() -> None:
    html = """<head>
      <link rel="stylesheet" href="/s.css">
      <link rel="Canonical  alternate" href="/news/story-1?ref=x">
      <meta property="og:url" content="https://www.example.com/og">
    </head>"""
    assert canonical_link(html, PAGE) == "https://www.example.com/news/story-1?ref=x"


def test_canonical_link_falls_back_to_og_url() -> None:
    html = """<head><meta property="og:title" content="T">
      <meta property="og:url" content="/news/og-story"></head>"""
    assert canonical_link(html, PAGE) == "https://www.example.com/news/og-story"


def test_canonical_link_absent_or_not_http() -> None:
    assert canonical_link("<p>no head</p>", PAGE) is None
    html = '<link rel="canonical" href="android-app://com.example/x">'
    assert canonical_link(html, PAGE) is None
