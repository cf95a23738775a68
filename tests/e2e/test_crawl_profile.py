"""End-to-end: a second topic (battery gigafactories in Europe), crawled from its own profile's seeds.

No code knows this topic: the profile (tests/data/relevance/profile_batteries.toml) names
its entities, terms, date window, budgets, a start page and two query feeds, whose
endpoints are the fixture host `newsapi` answering recorded GDELT and news-search RSS
answers. The crawl runs without `-a urls=`, so the profile's seeds, allowed domains and
query feeds are what it uses. The site is the fixture host `energie`.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.e2e.crawling import PROJECT_DIR, parse_stats, path_of, read_jsonl, run_topic_crawl
from tests.e2e.test_crawl_topic import Crawl, drop_stat, reason_code
from tests.fixtureweb.server import FixtureWeb

pytestmark = pytest.mark.e2e

PROFILE = PROJECT_DIR / "tests" / "data" / "relevance" / "profile_batteries.toml"
ARTICLE = "/articles/"
KEPT = {  # path -> how only it can be found
    ARTICLE + "acc-gigafactory-douvrin": "start page link; news-search RSS; sitemap",
    ARTICLE + "northvolt-ett-expansion": "start page link; GDELT",
    ARTICLE + "verkor-dunkerque": "news sitemap only (robots.txt Sitemap: line)",
    ARTICLE + "catl-debrecen": "GDELT answer only",
    ARTICLE + "envision-douai": "news-search RSS only, behind the engine's redirect link",
}
REJECTED = {
    ARTICLE + "eolien-offshore-saint-nazaire": "offtopic",  # the topic only in its "most read" box
    ARTICLE + "essai-voiture-electrique-compacte": "offtopic",  # a car review
    ARTICLE + "usine-batteries-dreux-2011": "offtopic/too_old",  # on the topic, but published in 2011
}
NEVER_FETCHED = [
    ARTICLE + "archive-batteries-2010",  # listed by the sitemap and GDELT with 2010 dates: not followed
    "/brouillons/",  # disallowed by robots.txt
]


@pytest.fixture(scope="module")
def crawl(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    base = tmp_path_factory.mktemp("crawl-profile")
    profile = base / "batteries.toml"
    profile.write_bytes(fixture_web.render(PROFILE.read_bytes()))
    out, log_path = base / "out", base / "crawl.log"
    returncode, text = run_topic_crawl(["-a", f"profile={profile}"], out, log_path)
    return Crawl(out, returncode, text, read_jsonl(out / "articles.jsonl"), read_jsonl(out / "rejected.jsonl"), parse_stats(text))


def test_exits_zero(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.tail()


def test_keeps_exactly_the_on_topic_articles(crawl: Crawl) -> None:
    kept = Counter(path_of(a["url"]) for a in crawl.articles)
    assert set(kept) == set(KEPT), f"missing: {set(KEPT) - set(kept)}\nunexpected: {set(kept) - set(KEPT)}\n{crawl.tail()}"
    assert max(kept.values()) == 1


def test_matches_name_the_entities(crawl: Crawl) -> None:
    by_path = {path_of(a["url"]): a for a in crawl.articles}
    assert "CATL" in by_path[ARTICLE + "catl-debrecen"]["topic_matches"]
    assert "Envision AESC" in by_path[ARTICLE + "envision-douai"]["topic_matches"]
    assert {a["language"] for a in crawl.articles} == {"fr", "en"}
    assert all(a["topic_score"] >= 5.0 for a in crawl.articles)


def test_rejections_with_their_reasons(crawl: Crawl) -> None:
    seen = {(path_of(r["url"]), reason_code(r["reason"])) for r in crawl.rejected}
    assert set(REJECTED.items()) <= seen, sorted(seen)
    assert crawl.stats.get(drop_stat("offtopic/too_old")) == 1


def test_dated_and_disallowed_pages_are_never_fetched(crawl: Crawl, fixture_web: FixtureWeb) -> None:
    hits = fixture_web.hits("energie")
    assert [p for p in hits if any(p.startswith(prefix) for prefix in NEVER_FETCHED)] == []
    assert crawl.stats.get("discovery/skipped/too_old", 0) >= 2  # the sitemap's and GDELT's 2010 entry


def test_query_feeds_were_asked_per_language(crawl: Crawl, fixture_web: FixtureWeb) -> None:
    hits = fixture_web.hits("newsapi")
    assert hits.get("/api/v2/doc/doc") == 2 and hits.get("/news/search") == 2  # French and English
    assert not [p for p in hits if "apiclick" in p]  # the redirect links were unwrapped, not fetched
    assert crawl.stats.get("discovery/query/entries") == 2 * 3 + 2 * 2


def test_no_other_fixture_host_was_visited(crawl: Crawl, fixture_web: FixtureWeb) -> None:
    assert crawl.returncode == 0
    assert all(path_of(a["url"]).startswith(ARTICLE) for a in crawl.articles)
    assert all(a["url"].startswith(fixture_web.base("energie")) for a in crawl.articles)


def test_budgets_came_from_the_profile(crawl: Crawl) -> None:
    overridden = crawl.log.split("Overridden settings:", 1)[-1][:3000]
    assert "'DEPTH_LIMIT': 3" in overridden  # budgets.depth (settings.py says 4)
    assert crawl.stats.get("budget/pages_sent", 0) > 0  # the page budget middleware is on: budgets.pages_per_host
