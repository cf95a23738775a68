"""Unit tests of crawler.discovery.urls: canonical URL keys and filters."""

from __future__ import annotations

import pytest

from crawler.discovery.urls import (
    canonicalize_url,
    host_of,
    is_allowed,
    is_probably_asset,
    to_punycode_domain,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://example.com/a?utm_source=x&b=2&UTM_Medium=y&a=1",
            "https://example.com/a?a=1&b=2",
        ),
        (
            "https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4&mc_cid=5"
            "&mc_eid=6&igshid=7&_ga=8&yclid=9&ref_src=10&at_medium=11"
            "&at_campaign=12&xtor=13&id=7",
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a?utm_source=x", "https://example.com/a"),
        ("https://example.com/page#section-2", "https://example.com/page"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"),
        ("https://bücher.de/katalog", "https://xn--bcher-kva.de/katalog"),
        ("https://example.com/?b=2&a=1&c=", "https://example.com/?a=1&b=2&c="),
        ("https://example.com/news/", "https://example.com/news/"),
        ("https://example.com/news", "https://example.com/news"),
        ("https://example.com", "https://example.com/"),
        ("http://127.0.0.1:8080/x?q=1", "http://127.0.0.1:8080/x?q=1"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_url_is_idempotent() -> None:
    url = "HTTP://Bücher.de:80/a b/?z=1&utm_campaign=q&a=%7e#top"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once
    assert once == "http://xn--bcher-kva.de/a%20b/?a=~&z=1"


def test_canonicalize_url_survives_a_bad_port() -> None:
    assert canonicalize_url("http://example.com:abc/a#x") == "http://example.com:abc/a"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("bücher.de", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        (".Example.COM", "example.com"),
        ("bücher.de:8080", "xn--bcher-kva.de"),
        ("127.0.0.1:8080", "127.0.0.1"),
    ],
)
def test_to_punycode_domain(domain: str, expected: str) -> None:
    assert to_punycode_domain(domain) == expected
    assert to_punycode_domain(expected) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example.com:8443/a", "news.example.com"),
        ("http://bücher.de/", "xn--bcher-kva.de"),
        ("http://user:pw@example.com/", "example.com"),
        ("/relative/path", ""),
        ("not a url", ""),
    ],
)
def test_host_of(url: str, expected: str) -> None:
    assert host_of(url) == expected


@pytest.mark.parametrize(
    ("url", "domains", "expected"),
    [
        ("https://example.com/a", ["example.com"], True),
        ("https://news.example.com/a", ["example.com"], True),
        ("https://notexample.com/a", ["example.com"], False),
        ("https://example.com.evil.org/a", ["example.com"], False),
        ("https://other.org/a", ["example.com"], False),
        ("https://xn--bcher-kva.de/a", ["bücher.de"], True),
        ("https://bücher.de/a", ["xn--bcher-kva.de"], True),
        ("https://shop.bücher.de/a", ["bücher.de"], True),
        ("ftp://example.com/a", ["example.com"], False),
        ("mailto:someone@example.com", ["example.com"], False),
        ("https://anything.org/", [], True),
        ("javascript:alert(1)", [], False),
        ("http://127.0.0.1:8080/x", ["127.0.0.1"], True),
    ],
)
def test_is_allowed(url: str, domains: list[str], expected: bool) -> None:
    assert is_allowed(url, domains) is expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/img/photo.JPG",
        "https://example.com/static/site.css?v=3",
        "https://example.com/app.js",
        "https://example.com/report.pdf",
        "https://example.com/archive.zip",
        "https://example.com/podcast.mp3",
        "https://example.com/clip.mp4",
        "https://example.com/fonts/a.woff2",
    ],
)
def test_is_probably_asset(url: str) -> None:
    assert is_probably_asset(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/story-1",
        "https://example.com/news/story.html",
        "https://example.com/",
        "https://example.com/feed.xml",
        "https://example.com/sitemap.xml.gz",
        "https://example.com/v1.2/intro",
    ],
)
def test_pages_are_not_assets(url: str) -> None:
    assert not is_probably_asset(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://a.com/x.php?PHPSESSID=abc123&id=3",
        "http://a.com/x.php?id=3&sid=9f8e7d",
        "http://a.com/x.php;jsessionid=ABC123?id=3",
        "http://a.com/x.php?id=3&jsessionid=ABC123&utm_source=news",
        "http://a.com/(S(lit3py55t21z5v55vlm25s55))/x.php?id=3",
    ],
)
def test_session_ids_are_stripped(url: str) -> None:
    assert canonicalize_url(url) == "http://a.com/x.php?id=3"


def test_parameters_that_only_look_like_session_ids_stay() -> None:
    assert canonicalize_url("http://a.com/x?side=1&sidebar=0") == "http://a.com/x?side=1&sidebar=0"
