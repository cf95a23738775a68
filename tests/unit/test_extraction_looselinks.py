from __future__ import annotations

from lxml import html

from crawler.extraction.extract import extract_page
from crawler.extraction.looselinks import unwrap_loose_links

PARA = "The council voted on Tuesday to keep the library open through the winter, after a long debate. "


def _page(section: str) -> bytes:
    return f"<html><body><div><article><h1>Library stays open</h1>{section}</article></div></body></html>".encode()


LOOSE = (
    f"<section><h2>The vote</h2>{PARA * 2}<br><br>"
    'The minutes (<a href="/minutes.pdf">PDF</a>) list every vote cast by the councillors that evening.'
    f"<br><br>{PARA}<h2>Next</h2><p>{PARA * 2}</p></section>"
)


def test_the_words_after_a_link_in_loose_text_are_kept() -> None:
    text = extract_page(_page(LOOSE), "https://news.example.org/library").text
    assert "The minutes (PDF) list every vote cast by the councillors that evening." in text


def test_a_link_in_loose_text_is_unwrapped_with_its_text() -> None:
    tree = html.fromstring(_page(LOOSE))
    assert unwrap_loose_links(tree) == 1
    assert tree.find(".//a") is None
    assert "The minutes (PDF) list every vote" in tree.text_content()


def test_links_in_paragraphs_lists_and_alone_in_their_run_stay() -> None:
    inside = (
        '<section><h2>More</h2><p>See <a href="/a">the agenda</a> for details.</p>'
        '<ul><li><a href="/b">Budget</a> in full</li></ul>'
        '<a href="/c">Other story</a><br><a href="/d">Another story</a>'
        "<h3>Last</h3></section>"
    )
    tree = html.fromstring(_page(inside))
    assert unwrap_loose_links(tree) == 0
    assert len(tree.findall(".//a")) == 4


def test_a_link_in_a_block_of_inline_text_only_stays() -> None:
    tree = html.fromstring(_page('<div>Read <a href="/e">the report</a> today.</div>'))
    assert unwrap_loose_links(tree) == 0


def test_a_link_in_loose_text_without_line_breaks_stays() -> None:
    tree = html.fromstring(_page(f'<div>{PARA}See <a href="/f">the budget</a> for the figures.<h2>Next</h2><p>{PARA}</p></div>'))
    assert unwrap_loose_links(tree) == 0
