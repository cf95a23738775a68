"""The page-type decision: a story is an article; a product, a grid of teasers, a thread are not."""

from __future__ import annotations

import json

import pytest
from trafilatura.utils import load_html

from crawler.extraction.extract import ExtractConfig, extract_page
from crawler.extraction.pagesignals import read_signals
from crawler.extraction.pagetype import PageTypeConfig, features

SENTENCE = ("The regional council voted on Tuesday to extend the rail line by twelve kilometres, a project "
            "that engineers say will take four years and cost more than the original estimate of {n} million.")


def story_page() -> str:
    paragraphs = "".join(f"<p>{SENTENCE.format(n=n)} Residents spoke for and against it at length.</p>" for n in range(9))
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council extends the rail line",
          "datePublished": "2026-03-04T08:00:00Z", "author": {"@type": "Person", "name": "Ana Ruiz"}}
    return (
        "<html><head><title>Council extends the rail line to the northern suburbs</title>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2026-03-04T08:00:00Z'>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        "<article><h1>Council extends the rail line to the northern suburbs</h1>"
        "<p class='byline'>By Ana Ruiz, <time datetime='2026-03-04'>4 March 2026</time></p>"
        f"<div class='article-body'>{paragraphs}</div></article><footer>© Example Times</footer></body></html>"
    )


def product_page() -> str:
    ld = {"@context": "https://schema.org", "@type": "Product", "name": "Trail shoe X2",
          "offers": {"@type": "Offer", "price": "89.00", "priceCurrency": "EUR"}}
    specs = "".join(f"<li>Feature {n}: a light mesh upper with a reinforced toe cap and a grippy outsole</li>"
                    for n in range(8))
    return (
        "<html><head><title>Trail shoe X2</title><meta property='og:type' content='product'>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        "<h1>Trail shoe X2</h1><div class='product-price'><span class='price'>€89.00</span></div>"
        "<form class='cart'><button class='add-to-cart'>Add to cart</button></form>"
        "<p>A light trail shoe for long runs on rough ground, with a cushioned sole that keeps its shape "
        f"over hundreds of kilometres and a fit that suits most feet.</p><ul>{specs}</ul></body></html>"
    )


def grid_page() -> str:
    cards = "".join(
        f"<div class='card'><a href='/p/{n}'><img src='/{n}.jpg'><h3>Garden chair model {n}</h3></a>"
        f"<span class='price'>€{20 + n}.00</span><button>Add to cart</button></div>"
        for n in range(24)
    )
    return (
        "<html><head><title>Garden furniture</title><meta property='og:type' content='website'></head><body>"
        f"<h1>Garden furniture</h1><div class='grid'>{cards}</div></body></html>"
    )


def thread_page() -> str:
    posts = "".join(
        f"<div class='post' id='post-{n}'><div class='userinfo'><span class='username'>user{n}</span>"
        f"<img class='avatar' src='/a/{n}.png'><span class='postcount'>Posts: {n * 40}</span></div>"
        f"<div class='postbody'>Reply {n}: I had the same trouble with my boiler last winter and the fix was "
        f"to bleed the radiators and then reset the pressure to about one and a half bar, which took ten minutes.</div>"
        f"<a class='reply' href='#'>Reply</a></div>"
        for n in range(10)
    )
    ld = {"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Boiler pressure keeps dropping"}
    return (
        "<html><head><title>Boiler pressure keeps dropping - Home forum</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        f"<h1>Boiler pressure keeps dropping</h1><div class='thread'>{posts}</div></body></html>"
    )


def test_signals_read_the_markup() -> None:
    signals = read_signals(load_html(product_page()), "https://shop.example/products/trail-shoe-x2")
    assert "Product" in signals.ld_types and signals.og_type == "product"
    assert signals.shop_marks >= 2 and signals.price_texts >= 1
    assert "products" in signals.url.words and signals.url.slug_words == 2  # "x2" is no word


def test_headings_tell_teaser_titles_and_docs_sections_from_a_storys() -> None:
    teasers = "".join(f"<div><h3><a href='/s/{n}'>Story {n}</a></h3><p>A line.</p></div>" for n in range(4))
    docs = "<h2 id='install'>Install</h2><p>Run it.</p><h3 id='options'>Options</h3><h4>Notes</h4>"
    signals = read_signals(load_html(f"<html><body><h1>Title</h1>{teasers}<a href='/x'><h2>Linked</h2></a>"
                                     f"{docs}</body></html>"), "https://example.com/a")
    assert (signals.headings, signals.subheadings) == (9, 8)
    assert signals.linked_headings == 5  # four titles holding a link, one inside a link
    assert signals.anchored_headings == 2  # <h2> and <h3> with an id, not <h4>
    found = features(signals, "one two three four five six seven eight nine")
    assert found["linked_headings"] == 5 / 8 and found["anchored_headings"] == 2 / 8
    story = features(read_signals(load_html(story_page()), "https://news.example/a"), "word " * 99)
    assert story["linked_headings"] == story["anchored_headings"] == 0.0
    assert story["words_per_heading"] > found["words_per_heading"]  # a story's text runs long under one headline


def test_a_news_story_is_an_article() -> None:
    found = extract_page(story_page().encode(), "https://news.example/2026/03/04/council-extends-the-rail-line")
    assert found.page_type.is_article, found.page_type
    assert found.fields()["page_type"] == "article"


@pytest.mark.parametrize(
    ("html", "url", "kinds"),
    [
        (product_page, "https://shop.example/products/trail-shoe-x2", {"product"}),
        (grid_page, "https://shop.example/garden/furniture/", {"listing", "product"}),
        (thread_page, "https://forum.example/threads/boiler-pressure-keeps-dropping.123/", {"forum"}),
    ],
    ids=["product", "grid", "thread"],
)
def test_other_pages_are_refused_with_their_kind(html: object, url: str, kinds: set[str]) -> None:
    found = extract_page(html().encode(), url)  # type: ignore[operator]
    assert not found.page_type.is_article
    assert found.page_type.kind in kinds, found.page_type


def test_the_decision_can_be_turned_off() -> None:
    config = ExtractConfig(page_type=PageTypeConfig(enabled=False))
    assert extract_page(product_page().encode(), "https://shop.example/products/x", None, config).page_type.is_article


def test_news_and_press_sections_in_other_languages_are_story_words() -> None:
    for url in ("https://www.amt.example/DE/Pressemitteilungen/2022/001.html",
                "https://ville.example/actualites/le-pont-rouvre", "https://diario.example/noticias/el-puente"):
        found = features(read_signals(load_html(story_page()), url), "")
        assert found["url_story"] == 1.0, url
    assert features(read_signals(load_html(story_page()), "https://shop.example/kaufen/x"), "")["url_story"] == 0.0


def test_a_listing_of_the_page_weighs_for_it_but_not_against_another_kind() -> None:
    from crawler.extraction.pagetype import PageType, as_listed

    config = PageTypeConfig(listed_prior=1.0)
    assert as_listed(PageType("page", -0.6), config) == PageType("article", -0.6)  # a plain page near the line
    assert as_listed(PageType("page", -1.4), config).kind == "page"  # too far below it
    for kind in ("listing", "product", "forum", "docs"):  # a hub listed in a sitemap stays refused
        assert as_listed(PageType(kind, -0.2), config).kind == kind
    assert as_listed(PageType("article", 2.0), config) == PageType("article", 2.0)


def test_a_listed_page_that_declares_itself_an_article_is_one_whatever_kind_it_looks() -> None:
    from crawler.extraction.pagetype import PageType, as_listed

    config = PageTypeConfig(listed_prior=1.0)
    for kind in ("listing", "product", "forum", "docs", "page"):
        assert as_listed(PageType(kind, -0.4), config, declared=True) == PageType("article", -0.4)
    assert as_listed(PageType("listing", -1.4), config, declared=True).kind == "listing"  # too far below the line


def test_every_kinds_weights_name_the_features() -> None:
    from crawler.extraction.pagetype import KIND_OF
    from crawler.extraction.pagetype_weights import BIAS, WEIGHTS

    names = set(features(read_signals(load_html(story_page()), "https://news.example/a"), ""))
    assert set(WEIGHTS) == set(BIAS) == set(KIND_OF.values())
    for kind, weights in WEIGHTS.items():
        assert set(weights) == names, kind  # a misspelt feature would silently weigh nothing


def test_a_refused_page_is_named_by_the_kind_it_loses_to_most() -> None:
    from crawler.extraction.pagetype import classify, kind_scores

    signals = read_signals(load_html(thread_page()), "https://forum.example/threads/boiler-pressure.123/")
    by_kind = kind_scores(features(signals, ""))
    found = classify(signals, "")
    assert found.score == round(min(by_kind.values()), 3)
    assert found.kind == min(by_kind, key=by_kind.__getitem__) == "forum"
    story = read_signals(load_html(story_page()), "https://news.example/2026/03/04/council-extends-the-rail-line")
    assert all(value > 0 for value in kind_scores(features(story, SENTENCE * 9)).values())


def test_the_urls_shape_is_weighed() -> None:
    page = load_html(story_page())
    story = features(read_signals(page, "https://news.example/world/council-extends-the-rail-line-4821937.html"), "")
    assert story["url_hyphens"] == story["url_slug_digits"] == 1.0
    assert story["url_empty"] == 0.0
    home = features(read_signals(page, "https://news.example/"), "")
    assert home["url_empty"] == 1.0 and home["url_hyphens"] == home["url_slug_digits"] == 0.0
