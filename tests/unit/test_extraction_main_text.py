from __future__ import annotations

import unicodedata

from crawler.extraction.extract import extract_page

DECOMPOSED = unicodedata.normalize("NFD", "Le café de la rédaction a fermé après vingt ans de débats animés en ville.")


def test_the_text_is_in_composed_unicode_whatever_the_pages_bytes() -> None:
    page = f"<html><body><article><h1>Fermeture</h1><p>{DECOMPOSED * 4}</p></article></body></html>".encode()
    text = extract_page(page, "https://news.example.org/cafe").text
    assert unicodedata.is_normalized("NFC", text)
    assert "Le café de la rédaction a fermé" in text
