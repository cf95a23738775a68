"""Unit tests of crawler.discovery.pagekind: article pages versus hubs."""

from __future__ import annotations

import pytest

from crawler.discovery.pagekind import looks_like_article

PARAGRAPH = (
    "The river rose two metres overnight and the town council opened the "
    "school gym as a shelter for about forty families from the lower streets."
)


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


def _json_ld(payload: str) -> str:
    return f'<script type="application/ld+json">{payload}</script>'


@pytest.mark.parametrize(
    "html",
    [
        _page('<meta property="og:type" content="article">'),
        _page('<meta property="og:type" content=" Article ">'),
        _page('<meta property="article:published_time" content="2019-02-13">'),
        _page(_json_ld('{"@context": "https://schema.org", "@type": "NewsArticle"}')),
        _page(_json_ld('{"@type": ["Thing", "ReportageNewsArticle"]}')),
        _page(_json_ld('[{"@type": "Organization"}, {"@type": "BlogPosting"}]')),
        _page(_json_ld('{"@type": "LiveBlogPosting"}')),
        _page(_json_ld('{"@type": "http://schema.org/AnalysisNewsArticle"}')),
        _page(
            _json_ld(
                '{"@context": "https://schema.org", "@graph": ['
                '{"@type": "WebSite"}, {"@type": "WebPage"}, {"@type": "Article"}]}'
            )
        ),
        _page(_json_ld('{"@type": "WebPage", "mainEntity": {"@type": "Article"}}')),
        _page(_json_ld("{broken json") + '<meta property="og:type" content="article">'),
        _page(body="<article>" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>"),
        _page(body="<main><article><h1>Title</h1><div>" + f"<p>{PARAGRAPH}</p>" * 5 + "</div></article></main>"),
    ],
)
def test_articles(html: str) -> None:
    assert looks_like_article(html)


def _listing() -> str:
    teasers = "".join(
        f'<article><h2><a href="/s/{i}">Story {i}</a></h2><p>Short teaser.</p></article>' for i in range(30)
    )
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
    return _page(
        '<meta property="og:type" content="website">',
        f"<nav><ul>{nav}</ul></nav><main>{teasers}</main>",
    )


@pytest.mark.parametrize(
    "html",
    [
        _listing(),
        _page(),
        "",
        _page(_json_ld('{"@type": "WebPage"}')),
        _page(_json_ld("{not: json, at all")),
        _page(_json_ld('{"@type": "NewsArticle",}')),
        _page('<script type="text/javascript">var x = {"@type": "NewsArticle"};</script>'),
        _page(
            _json_ld(
                '{"@type": "ItemList", "itemListElement": ['
                '{"@type": "NewsArticle", "url": "/a"}, {"@type": "NewsArticle"}]}'
            )
        ),
        _page(_json_ld('{"@type": "CollectionPage", "publisher": {"@type": "Organization"}}')),
        _page(body="<article>" + f"<p>{PARAGRAPH}</p>" * 2 + "</article>"),
        _page(body="<article>" + "<p>Too short.</p>" * 10 + "</article>"),
        _page(body=f"<div>{f'<p>{PARAGRAPH}</p>' * 6}</div>"),
        _page('<meta property="article:published_time" content="  ">'),
    ],
)
def test_not_articles(html: str) -> None:
    assert not looks_like_article(html)


PROSE = "<p>" + "A sentence of running text that goes on for a while, as an article's paragraphs do. " * 2 + "</p>"


def test_prose_without_article_markup_is_an_article() -> None:
    assert looks_like_article(f"<html><body><div class='content'><h1>Title</h1>{PROSE * 6}</div></body></html>")


def test_prose_in_the_chrome_or_in_links_is_not_an_article() -> None:
    teasers = "".join(f"<p><a href='/s{i}'>{PROSE[3:-4]}</a></p>" for i in range(8))
    assert not looks_like_article(f"<html><body><main>{teasers}</main></body></html>")
    assert not looks_like_article(f"<html><body><footer>{PROSE * 8}</footer><main><p>Short.</p></main></body></html>")
    assert not looks_like_article(f"<html><body><main>{PROSE * 3}</main></body></html>")  # three paragraphs: not enough


# --- Candidates: not articles by their markup, worth extracting -------------------------------------------------
def test_long_text_outside_paragraphs_is_a_candidate_a_link_list_is_not() -> None:
    from crawler.discovery.htmltree import parse_text
    from crawler.discovery.pagekind import tree_is_candidate

    in_lists = _page(body="<div id='main'><h1>Tips</h1><ul>" + f"<li>{PARAGRAPH}</li>" * 9 + "</ul></div>")
    in_breaks = _page(body="<td>" + f"{PARAGRAPH}<br>" * 9 + "</td>")
    links = "".join(f"<li><a href='/s/{i}'>{PARAGRAPH}</a></li>" for i in range(20))
    hub = _page(body=f"<main><ul>{links}</ul></main><p>{PARAGRAPH}</p>")
    chrome = _page(body=f"<footer>{PARAGRAPH * 10}</footer><main>Short.</main>")
    for html, expected in ((in_lists, True), (in_breaks, True), (hub, False), (chrome, False)):
        root = parse_text(html)
        assert root is not None and not looks_like_article(html)
        assert tree_is_candidate(root) is expected, html[:80]


def test_a_shorter_page_is_a_candidate_at_a_story_shaped_url_only() -> None:
    from crawler.discovery.htmltree import parse_text
    from crawler.discovery.pagekind import is_story_url, tree_is_candidate

    root = parse_text(_page(body=f"<div>{PARAGRAPH} {PARAGRAPH} {PARAGRAPH}</div>"))
    assert root is not None
    assert tree_is_candidate(root, "http://a.org/2011/09/17/award/")
    assert tree_is_candidate(root, "http://a.org/news/voting-for-the-award-has-started")
    assert not tree_is_candidate(root, "http://a.org/about-us")  # two words: a page name, not a story's slug
    assert not tree_is_candidate(root, "http://a.org/section/2/")
    assert not tree_is_candidate(root)
    assert not is_story_url("http://a.org/") and is_story_url("http://a.org/blog/a-b-c.html")
