"""Query feeds: queries built from a profile, and recorded answers (tests/data/relevance/, written by the project)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from crawler.discovery.queryfeeds import (
    QueryFeedError,
    boolean_query,
    gdelt_url,
    parse_gdelt,
    parse_news_rss,
    rss_url,
    unwrap_redirect,
)
from crawler.relevance.profile import load_profile, parse_profile
from crawler.relevance.queries import query_feed_urls, query_terms

DATA = Path(__file__).resolve().parents[1] / "data" / "relevance"


def test_boolean_query_quotes_phrases_and_groups_alternatives() -> None:
    assert boolean_query([["Huawei", "ZTE"], ["national security", "ban"]]) == '(Huawei OR ZTE) ("national security" OR ban)'
    assert boolean_query([["Nuctech"], ["entity-list"], []]) == 'Nuctech "entity-list"'


def test_query_terms_of_the_default_profile_per_language() -> None:
    profile = load_profile()
    feed = profile.queries[0]
    fr = query_terms(profile, feed, "fr")
    en = query_terms(profile, feed, "en")
    assert fr[0] == en[0] == ["Huawei", "ZTE", "Nuctech", "Hikvision", "Dahua"]  # entity names, no CJK aliases
    assert fr[1][:2] == ["sécurité nationale", "liste noire"]  # the heaviest French terms first
    assert en[1][:2] == ["national security", "entity list"]


def test_gdelt_and_rss_urls() -> None:
    url = gdelt_url("https://api.gdeltproject.org/api/v2/doc/doc", '(Huawei OR ZTE) ban', "fr", 500)
    params = parse_qs(urlsplit(url).query)
    assert params["query"] == ["(Huawei OR ZTE) ban sourcelang:french"]
    assert (params["mode"], params["format"], params["maxrecords"]) == (["artlist"], ["json"], ["250"])
    assert rss_url("https://n.example/s?q={query}&hl={lang}", '"liste noire" Huawei', "fr") == (
        "https://n.example/s?q=%22liste+noire%22+Huawei&hl=fr"
    )


def test_query_feed_urls_one_per_feed_and_language() -> None:
    urls = query_feed_urls(load_profile())
    assert [kind for _, kind in urls] == ["gdelt", "gdelt", "rss", "rss"]
    assert "sourcelang%3Afrench" in urls[0][0] and "setlang=en" in urls[3][0]
    fixed = parse_profile(
        'name = "t"\nlanguages = ["en"]\n[[groups]]\nname = "g"\nterms = ["a"]\n'
        '[[seeds.queries]]\nkind = "rss"\nurl = "https://n.example/?q={query}"\nquery = "cheese OR fromage"\n'
    )
    assert query_feed_urls(fixed) == [("https://n.example/?q=cheese+OR+fromage", "rss")]


def test_recorded_gdelt_answer() -> None:
    entries = parse_gdelt((DATA / "gdelt_artlist.json").read_bytes())
    assert [e.url.split("/")[2] for e in entries] == [
        "www.example-tribune.fr", "news.example-wire.com", "www.example-quotidien.be", "www.example-hebdo.ch",
    ]  # fmt: skip
    assert entries[0].title == "Scanners : Washington fait pression sur l ' Europe pour écarter Nuctech"
    assert entries[0].published == "2020-07-30T08:15:00+00:00"
    assert entries[3].published is None


@pytest.mark.parametrize(("body", "message"), [
    ((DATA / "gdelt_refused.txt").read_bytes(), "GDELT refused the query: 'The specified phrase is too short.'"),
    (b'{"articles": [', "not JSON"),
    (b'{"articles": 3}', "without an `articles` list"),
])  # fmt: skip
def test_unusable_gdelt_answers(body: bytes, message: str) -> None:
    with pytest.raises(QueryFeedError, match=message):
        parse_gdelt(body)


def test_gdelt_answer_with_no_article() -> None:
    assert parse_gdelt(b"{}") == []


def test_recorded_news_rss_answer_links_are_unwrapped() -> None:
    entries = parse_news_rss((DATA / "bing_news.xml").read_bytes(), "https://www.bing.com/news/search?q=x&format=rss")
    assert [e.url for e in entries] == [
        "https://www.example-usine.fr/article/le-pentagone-retire-les-telephones-huawei-et-zte.N683412",
        "https://actu.example-hub.fr/article/fcc-huawei-zte-menace",
        "https://www.example-direct.fr/huawei-decret",
    ]
    assert entries[1].title == "La FCC désigne Huawei et ZTE comme menaces pour la sécurité nationale"
    assert entries[1].published == "2020-06-30T19:15:00+00:00"


def test_unwrap_redirect() -> None:
    assert unwrap_redirect("https://s.example/r?u=https%3A%2F%2Fa.org%2Fx&c=1") == "https://a.org/x"
    assert unwrap_redirect("https://a.org/x?url=javascript:alert(1)") == "https://a.org/x?url=javascript:alert(1)"


def test_news_rss_that_is_not_a_feed() -> None:
    with pytest.raises(QueryFeedError):
        parse_news_rss(b"<html><body>captcha</body></html>", "https://s.example/")
