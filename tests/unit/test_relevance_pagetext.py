from __future__ import annotations

from pathlib import Path

from crawler.relevance.pagetext import page_text

SITE = Path(__file__).resolve().parents[1] / "fixtureweb" / "site"

PAGE = """<!DOCTYPE html><html><head><title>Cup | Wire</title><meta property="og:title" content="Cup semi-final"></head>
<body class="sidebar-left"><header><nav><a href="/tech">Huawei ban news</a></nav></header>
<div id="content"><article><h1>Cup semi-final</h1><p>Rovers won   the cup.</p><p>Keane scored late.</p>
<div class="share-bar">Share on Twitter</div><figure><figcaption>Photo: Huawei</figcaption></figure></article>
<div class="most-read"><ul><li>Huawei P30 en promo</li></ul></div></div>
<aside><p>FCC bans ZTE</p></aside><footer><p>Huawei sponsors</p></footer><script>var huawei = 1;</script></body></html>"""


def test_title_and_main_text_without_chrome() -> None:
    page = page_text(PAGE)
    assert page.title == "Cup semi-final"
    assert page.text == "Rovers won the cup.\nKeane scored late."


def test_without_article_the_main_or_body_is_read() -> None:
    page = page_text("<html><body><nav>Menu</nav><main><ul><li>First teaser</li><li>Second</li></ul></main></body></html>")
    assert (page.title, page.text) == ("", "First teaser\nSecond")
    assert page_text("<html><body>Just text <b>here</b></body></html>").text == "Just text here"


def test_empty_and_broken_pages() -> None:
    assert page_text("").text == "" and page_text("   ").title == ""
    assert page_text("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>").text == "x"


def test_fixture_football_report_keeps_its_trending_aside_out() -> None:
    html = (SITE / "wire/2019/03/02/late-header-sends-rovers-into-the-cup-semi-final.html").read_text("utf-8")
    page = page_text(html)
    assert page.title == "Late header sends Rovers into the cup semi-final"
    assert "Keane" in page.text
    assert "Huawei" not in page.text and "ZTE" not in page.text and "Pentagon" not in page.text


def test_links_only_in_the_chrome() -> None:
    html = """<html><head><base href="/news/"></head><body>
    <header><nav><a href="/tech/">Tech</a><a href="a#top">A</a></nav></header>
    <main><article><p>Read <a href="a">the story</a>.</p></article>
    <section class="related"><a href="b">Related story</a></section>
    <aside class="most-read"><a href="c">Popular</a><div class="related-links"><a href="d">Also</a></div></aside>
    <div class="sidebar"><a href="e">Promo</a></div></main><footer><a href="/about/">About</a></footer></body></html>"""
    page = page_text(html, "https://x.org/page")
    assert page.chrome_links == {"https://x.org/tech/", "https://x.org/news/c", "https://x.org/news/e", "https://x.org/about/"}
    assert page_text(html).chrome_links == frozenset()  # no base URL: no link classes
