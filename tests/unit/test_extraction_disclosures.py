from __future__ import annotations

from lxml import html

from crawler.extraction.disclosures import show_collapsed_panels
from crawler.extraction.extract import ExtractConfig, extract_page

PARA = "The council voted on Tuesday to keep the library open through the winter, after a long debate. "
ANSWER = "Permits are needed for any structural change, and the county reviews each one within thirty working days."


def _page(body: str) -> bytes:
    return f"<html><body><article><h1>Library stays open</h1>{body}</article></body></html>".encode()


FOLDED = (
    f"<p>{PARA * 2}</p><p>{PARA}</p>"
    '<h2><button aria-controls="faq-1" aria-expanded="false">Do I need a permit?</button></h2>'
    f'<div id="faq-1" style="display:none;"><p>{ANSWER}</p></div>'
    f"<p>{PARA * 2}</p>"
)


def test_a_panel_a_toggle_controls_is_shown() -> None:
    tree = html.fromstring(_page(FOLDED))
    assert show_collapsed_panels(tree) == 1
    panel = tree.get_element_by_id("faq-1")
    assert "display" not in panel.get("style", "")


def test_a_folded_answer_reaches_the_main_text() -> None:
    url = "https://news.example.org/library"
    assert ANSWER in extract_page(_page(FOLDED), url).text
    assert ANSWER not in extract_page(_page(FOLDED), url, config=ExtractConfig(show_collapsed=False)).text


def test_a_labelled_region_hidden_by_attribute_is_shown() -> None:
    body = f'<h3 id="q2">Costs</h3><div role="region" aria-labelledby="q2" hidden aria-hidden="true"><p>{ANSWER}</p></div>'
    tree = html.fromstring(_page(body))
    assert show_collapsed_panels(tree) == 1
    region = tree.find(".//div")
    assert region.get("hidden") is None and region.get("aria-hidden") is None


def test_menus_dialogs_short_and_unnamed_hidden_boxes_stay_hidden() -> None:
    links = "".join(f'<a href="/s{i}">Section number {i}</a> ' for i in range(8))
    body = (
        '<button aria-controls="menu">Menu</button>'
        f'<nav id="menu" style="display: none">{links}</nav>'  # a folded menu: links, not text
        '<button aria-controls="newsletter">Subscribe</button>'
        f'<div id="newsletter" role="dialog" hidden><p>{PARA}</p></div>'  # a dialog is no panel of the story
        '<button aria-controls="tip">?</button><div id="tip" style="display:none">Four words of help</div>'  # too short
        f'<div style="display:none"><p>{PARA}</p></div>'  # no toggle names it
    )
    tree = html.fromstring(_page(body))
    assert show_collapsed_panels(tree) == 0
    assert tree.get_element_by_id("menu").get("style") == "display: none"
