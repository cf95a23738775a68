"""The URL's shape as the page type reads it: dates, ids, slugs, extensions, section words."""

from __future__ import annotations

from crawler.extraction.pageurl import read_url


def test_a_storys_slug_and_id_are_read() -> None:
    shape = read_url("https://news.example/world/2026/03/04/council-extends-the-rail-line-4821937.html")
    assert shape.date and shape.hyphens and shape.slug_digits
    assert shape.depth == 5 and shape.slug_words == 5  # the id is no word


def test_a_home_page_and_a_section_have_no_slug() -> None:
    home = read_url("https://news.example/")
    assert home.depth == 0 and not (home.hyphens or home.slug_digits or home.ends_in_section)
    section = read_url("https://news.example/blog/")
    assert section.ends_in_section and section.depth == 1 and not section.words


def test_short_numbers_query_and_case_are_not_ids_or_slugs() -> None:
    shape = read_url("https://shop.example/Products/Trail-Shoe-X2.HTML?id=1234567")
    assert not shape.hyphens  # two hyphens are a product name, not a headline's slug
    assert shape.slug_digits and "products" in shape.words


def test_section_words_of_other_languages_are_read() -> None:
    assert "actualites" in read_url("https://ville.example/actualites/le-pont-rouvre").words
    assert not read_url("https://ville.example/kaufen/le-pont").words
