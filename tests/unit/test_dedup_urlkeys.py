"""URL keys: every spelling of one page folds onto one key; different pages keep different keys."""

from __future__ import annotations

import pytest

from crawler.dedup.urlkeys import url_key, url_key_hash

STORY = "example.com/news/zte-ban"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/zte-ban",
        "http://example.com/news/zte-ban",
        "https://www.example.com/news/zte-ban",
        "https://EXAMPLE.com:443/news/zte-ban#comments",
        "https://example.com/news/zte-ban/",
        "https://example.com/news/zte-ban?utm_source=rss&utm_medium=feed",
        "https://example.com/news/zte-ban?fbclid=abc",
        "https://example.com/news/zte-ban?ref=homepage",  # courlan's tracker list
        "https://example.com/news/zte-ban;jsessionid=8F3A2B0C41",
        "https://example.com/news/zte-ban?PHPSESSID=9c1&sid=4",
        "https://example.com/news/zte-ban/amp",
        "https://example.com/amp/news/zte-ban",
        "https://amp.example.com/news/zte-ban",
        "https://m.example.com/news/zte-ban",
        "https://example.com/news/zte-ban?amp=1",
        "https://example.com/news/zte-ban?outputType=amp",
        "https://example-com.cdn.ampproject.org/c/s/example.com/news/zte-ban",
        "https://example.com/news/zte-ban/print",
        "https://example.com/print/news/zte-ban",
        "https://example.com/news/zte-ban?print=1",
        "https://example.com/news/zte-ban?view=print",
        "https://example.com/news/zte-ban/index.html",
    ],
)
def test_spellings_of_one_page_share_a_key(url: str) -> None:
    assert url_key(url) == STORY
    assert url_key_hash(url) == url_key_hash("https://example.com/news/zte-ban")


def test_amp_infix_folds_onto_the_html_page() -> None:
    assert url_key("https://example.com/news/zte-ban.amp.html") == url_key("https://example.com/news/zte-ban.html")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/news/zte-ban", "https://example.com/news/huawei-ban"),
        ("https://example.com/article?id=1", "https://example.com/article?id=2"),
        ("https://example.com/news/zte-ban", "https://example.org/news/zte-ban"),
        ("http://127.0.0.1:8001/story", "http://127.0.0.1:8002/story"),
        ("https://example.com/news/zte-ban?view=gallery", "https://example.com/news/zte-ban"),
        ("https://example.com/News/ZTE", "https://example.com/news/zte"),
    ],
)
def test_different_pages_keep_different_keys(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_query_order_does_not_matter() -> None:
    assert url_key("https://example.com/a?x=1&y=2") == url_key("https://example.com/a?y=2&x=1")


def test_key_hash_is_a_positive_63_bit_integer_and_stable() -> None:
    value = url_key_hash("https://example.com/news/zte-ban")
    assert 0 <= value < 2**63
    assert value == 0x7DBE549D022948C2  # stable across processes and runs: blake2b of the key, no salt
    assert url_key_hash("https://example.com/news/zte-ban") == value


def test_malformed_urls_still_get_a_key() -> None:
    assert url_key("http://[::1]:80/x") == "::1/x"
    assert url_key("https://example.com:notaport/a").startswith("example.com")
