from __future__ import annotations

from lxml import html

from crawler.extraction.asides import prune_asides

STORY = "The council voted on Tuesday to keep the library open through the winter, after a long debate. "


def _page(inner: str) -> str:
    return f"<html><body><article><h1>Library stays open</h1><p>{STORY * 3}</p>{inner}<p>Last line.</p></article></body></html>"


def _card(n: int, words: int = 30) -> str:
    return f'<article class="post-{n}"><a href="/story-{n}">Other story {n}</a><p>{"word " * words}</p></article>'


def test_short_linked_cards_nested_in_the_story_are_removed() -> None:
    tree = html.fromstring(_page(_card(1) + _card(2) + " tail text kept"))
    assert prune_asides(tree) == 2
    text = tree.text_content()
    assert "Other story" not in text
    assert STORY.strip() in text and "tail text kept" in text and "Last line." in text


def test_a_long_nested_article_or_one_without_a_link_stays() -> None:
    no_link = '<article><p>A quoted post without any link, short.</p></article>'
    tree = html.fromstring(_page(_card(1, words=400) + no_link))
    assert prune_asides(tree) == 0
    assert "Other story 1" in tree.text_content() and "quoted post" in tree.text_content()


def test_a_top_level_article_is_never_removed() -> None:
    tree = html.fromstring("<html><body><article><a href='/x'>A short story</a></article></body></html>")
    assert prune_asides(tree) == 0


def test_the_authors_box_goes_and_the_story_stays() -> None:
    box = '<div class="entry-author-bio"><p>Jane Roe writes about city politics.</p></div>'
    tree = html.fromstring(_page(box))
    assert prune_asides(tree) == 1
    assert "Jane Roe" not in tree.text_content() and STORY.strip() in tree.text_content()


def test_a_class_merely_containing_author_words_stays() -> None:
    tree = html.fromstring(_page('<p class="authorized-dealers">Dealers listed here.</p>'))
    assert prune_asides(tree) == 0


def test_a_long_section_of_the_story_in_its_own_article_stays() -> None:
    section = f'<article class="card"><h2>Item 6</h2><p>{STORY * 8}<a href="/spa">The spa</a></p></article>'
    tree = html.fromstring(_page(section))
    assert prune_asides(tree) == 0
    assert "Item 6" in tree.text_content()


def test_a_long_comment_in_its_own_article_still_goes() -> None:
    comment = f'<article class="comment-body"><a href="/u/ann">Ann</a> says: <p>{STORY * 8}</p></article>'
    tree = html.fromstring(_page(comment))
    assert prune_asides(tree) == 1
    assert "Ann" not in tree.text_content()


def test_a_card_opening_with_its_headline_link_goes_however_long_its_standfirst() -> None:
    card = f'<article class="card"><h2><a href="/other">Other story</a></h2><p>{STORY * 8}</p></article>'
    tree = html.fromstring(_page(card))
    assert prune_asides(tree) == 1
    assert "Other story" not in tree.text_content()


def test_an_element_marked_as_the_author_with_a_bio_goes_and_a_byline_stays() -> None:
    bio = (
        '<div itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="/author/jane">Jane Roe</a>'
        "<p>Jane Roe is a photographer from Hamburg who likes portraits and city walks at night.</p></div>"
    )
    byline = '<span itemprop="author">Jane Roe</span>'
    tree = html.fromstring(_page(byline + bio))
    assert prune_asides(tree) == 1
    text = tree.text_content()
    assert "photographer from Hamburg" not in text and "Jane Roe" in text and STORY.strip() in text


def test_authors_marked_on_every_post_of_a_thread_stay() -> None:
    poster = '<div itemprop="author">{} joined in 2016, has written 11 messages and earned a reaction score of 10.</div>'
    posts = "".join(f"<article>{poster.format(name)}<p>{STORY}</p></article>" for name in ("Ann", "Bob"))
    tree = html.fromstring(f"<html><body>{posts}</body></html>")
    assert prune_asides(tree) == 0
