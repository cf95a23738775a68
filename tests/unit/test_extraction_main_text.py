from __future__ import annotations

import unicodedata

import pytest
from lxml import etree

from crawler.extraction import extract
from crawler.extraction.extract import ExtractConfig, extract_page

DECOMPOSED = unicodedata.normalize("NFD", "Le café de la rédaction a fermé après vingt ans de débats animés en ville.")


def test_the_text_is_in_composed_unicode_whatever_the_pages_bytes() -> None:
    page = f"<html><body><article><h1>Fermeture</h1><p>{DECOMPOSED * 4}</p></article></body></html>".encode()
    text = extract_page(page, "https://news.example.org/cafe").text
    assert unicodedata.is_normalized("NFC", text)
    assert "Le café de la rédaction a fermé" in text


def _body(words: int) -> etree._Element:
    body = etree.Element("body")
    etree.SubElement(body, "p").text = " ".join(["word"] * words)
    return body


def trafilatura_finding(monkeypatch: pytest.MonkeyPatch, first: int, retry: int) -> list[bool]:
    """trafilatura replaced by one that finds `first` words, or `retry` when favouring recall; the calls' flags."""
    calls: list[bool] = []

    def fake(tree: object, config: object, favor_recall: bool = False, names: object = None) -> etree._Element:
        calls.append(favor_recall)
        return _body(retry if favor_recall else first)

    monkeypatch.setattr(extract, "_trafilatura", fake)
    return calls


def test_a_short_main_text_is_looked_for_again_favouring_recall(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = trafilatura_finding(monkeypatch, first=10, retry=200)
    text = extract_page(b"<html><body><p>A page.</p></body></html>", "https://news.example.org/a").text
    assert calls == [False, True] and len(text.split()) == 200


def test_a_long_main_text_or_a_retry_not_much_longer_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = trafilatura_finding(monkeypatch, first=10, retry=12)
    assert len(extract_page(b"<html><body><p>A page.</p></body></html>", "https://e.org/a").text.split()) == 10
    calls.clear()
    config = ExtractConfig(recall_below_words=5)
    assert len(extract_page(b"<html><body><p>A.</p></body></html>", "https://e.org/a", None, config).text.split()) == 10
    assert calls == [False]


def _long_page(words: int) -> bytes:
    return f"<html><body><article><p>{' '.join(['story'] * words)}</p></article></body></html>".encode()


def test_a_main_text_holding_a_small_share_of_the_page_is_looked_for_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = trafilatura_finding(monkeypatch, first=100, retry=250)  # one block of a story set in several
    text = extract_page(_long_page(300), "https://news.example.org/a").text
    assert calls == [False, True] and len(text.split()) == 250


def test_a_main_text_holding_most_of_the_page_is_not_looked_for_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = trafilatura_finding(monkeypatch, first=250, retry=290)
    assert len(extract_page(_long_page(300), "https://news.example.org/a").text.split()) == 250
    assert calls == [False]
    calls.clear()
    config = ExtractConfig(recall_below_share=0)
    assert len(extract_page(_long_page(3000), "https://news.example.org/a", None, config).text.split()) == 250
    assert calls == [False]


def test_a_retry_longer_only_by_what_cleaning_removes_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    story = "The council kept the library open through the winter after a long debate on its budget. " * 6

    def fake(tree: object, config: object, favor_recall: bool = False, names: object = None) -> etree._Element:
        body = etree.Element("body")
        etree.SubElement(body, "p").text = story
        if favor_recall:  # the retry adds a box of links to the site's other stories, and a gallery's label
            for i in range(10):
                ref = etree.SubElement(etree.SubElement(body, "p"), "ref", target=f"/news/{i}")
                ref.text = f"Another story of the town, number {i} of the day"
            etree.SubElement(body, "p").text = "Back to gallery"
        return body

    monkeypatch.setattr(extract, "_trafilatura", fake)
    text = extract_page(_long_page(3000), "https://news.example.org/a").text
    assert text == story.strip()


def test_a_retry_longer_only_by_short_lines_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    story = "The council kept the library open through the winter after a long debate on its budget. " * 4

    def fake(tree: object, config: object, favor_recall: bool = False, names: object = None) -> etree._Element:
        body = etree.Element("body")
        etree.SubElement(body, "p").text = story
        if favor_recall:  # the retry adds a column of headlines and dates, no paragraph
            for i in range(40):
                etree.SubElement(body, "p").text = f"Market report number {i}, {i + 1} May"
        return body

    monkeypatch.setattr(extract, "_trafilatura", fake)
    text = extract_page(_long_page(3000), "https://news.example.org/a").text
    assert text == story.strip()


def test_a_page_read_again_for_its_share_is_typed_on_its_first_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = trafilatura_finding(monkeypatch, first=100, retry=250)
    typed: list[int] = []

    def classify(signals: object, text: str, config: object) -> extract.PageType:
        typed.append(len(text.split()))
        return extract.PageType("article", 1.0)

    monkeypatch.setattr(extract, "classify", classify)
    text = extract_page(_long_page(300), "https://news.example.org/a").text
    assert calls == [False, True] and len(text.split()) == 250 and typed == [100]
    calls.clear()
    typed.clear()
    trafilatura_finding(monkeypatch, first=10, retry=200)  # read again for want of words: typed on what was found
    extract_page(_long_page(300), "https://news.example.org/a")
    assert typed == [200]


def test_a_retry_that_cannot_win_is_not_cleaned(monkeypatch: pytest.MonkeyPatch) -> None:
    cleaned: list[str] = []
    real = extract.strip_cruft

    def counting(text: str, title: str | None = None) -> object:
        cleaned.append(text)
        return real(text, title)

    monkeypatch.setattr(extract, "strip_cruft", counting)
    trafilatura_finding(monkeypatch, first=100, retry=140)  # under 1.5 times the first's words: never kept
    assert len(extract_page(_long_page(300), "https://news.example.org/a").text.split()) == 100
    assert len(cleaned) == 1  # the first text only
    cleaned.clear()
    trafilatura_finding(monkeypatch, first=100, retry=160)  # may be kept: cleaned, then compared
    assert len(extract_page(_long_page(300), "https://news.example.org/a").text.split()) == 160
    assert len(cleaned) == 2
