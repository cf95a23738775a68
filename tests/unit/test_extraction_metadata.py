from __future__ import annotations

from trafilatura.utils import load_html

from crawler.extraction.metadata import clean_authors, iso_datetime, read_metadata


def test_meta_tags() -> None:
    html = """<html lang="fr-FR"><head>
    <meta property="article:published_time" content="2019-02-13T10:20:00Z">
    <meta name="author" content="Par Anna Koper"><meta name="author" content="Janis Laizans">
    </head><body></body></html>"""
    meta = read_metadata(load_html(html), "https://n.example/a")
    assert meta.published == "2019-02-13T10:20:00+00:00"
    assert meta.authors == ("Anna Koper", "Janis Laizans")
    assert meta.language == "fr"


def test_json_ld_graph_and_author_list() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "datePublished": "2020-07-28",
    "author": [{"name": "Dana Whitfield"}, "Marco Bellini"]}]}</script>
    <script type="application/ld+json">{broken</script></head></html>"""
    meta = read_metadata(load_html(html), "https://n.example/a")
    assert meta.published == "2020-07-28"
    assert meta.authors == ("Dana Whitfield", "Marco Bellini")
    assert meta.language is None


def test_nothing_declared() -> None:
    meta = read_metadata(load_html("<html><body><p>hello</p><p>world</p></body></html>"))
    assert meta.published is None and meta.authors == () and meta.canonical is None


def test_canonical_link_then_og_url() -> None:
    html = '<html><head><link rel="Canonical shortlink" href="/story"><meta property="og:url" content="https://x.org/og">'
    assert read_metadata(load_html(html + "</head></html>"), "https://n.example/a?print=1").canonical == (
        "https://n.example/story")
    og_only = '<html><head><meta property="og:url" content="https://x.org/og"></head><body><p>x</p></body></html>'
    assert read_metadata(load_html(og_only), "https://n.example/").canonical == "https://x.org/og"


def test_helpers() -> None:
    assert iso_datetime("not a date") is None
    assert iso_datetime("2019-02-13T10:20:00+01:00") == "2019-02-13T10:20:00+01:00"
    assert clean_authors(["A. Smith; B. Jones", "https://x.org/author/a", "By C. Doe and D. Roe"]) == (
        "A. Smith", "B. Jones", "C. Doe", "D. Roe")
