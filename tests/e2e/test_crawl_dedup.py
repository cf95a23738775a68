"""End-to-end dedup: `scrapy crawl topic` three times into one OUTPUT_DIR, against the synd-* hosts of the fixture web.

One wire story is published on three hosts (synd-a's original; synd-b's copy
with its own cruft and a republication note; synd-c's with a changed headline
and a paragraph of its own) and is reachable on synd-a under five more URL
spellings linked from the story (trailing slash, utm parameters, AMP, print
view, session id). The first crawl keeps exactly one article; the second emits
nothing new; after synd-a updates the story, the third emits version 2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.crawling import parse_stats, path_of, read_jsonl, run_topic_crawl
from tests.fixtureweb.server import FixtureWeb

pytestmark = pytest.mark.e2e

STORY = "/news/zte-ban-state-networks"
STORY_FILE = "news/zte-ban-state-networks/index.html"
VARIANTS = [f"{STORY}/", f"{STORY}/amp", f"{STORY}/print"]  # fetched: duplicate/url
SESSION_VARIANT = f"{STORY};jsessionid=8F3A2B0C41"  # never fetched: the session id is stripped before queueing
COPIES = [("synd-b", "/wire/2024/03/14/fcc-zte-state-networks"), ("synd-c", "/tech/policy/states-told-to-rip-out-zte-gear")]
UPDATE = b" ZTE said on Friday it would challenge the order in federal court, arguing that the commission had exceeded its power."


@dataclass
class Crawl:
    returncode: int | None
    log: str
    articles: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    stats: dict[str, float]

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.splitlines()[-lines:])

    def rejected_as(self, reason: str) -> dict[str, dict[str, Any]]:
        return {path_of(r["url"]): r for r in self.rejected if r["reason"] == reason}


def run_crawl(web: FixtureWeb, output_dir: Path, name: str) -> Crawl:
    """One crawl of the synd-* story into output_dir; rejected.jsonl is read fresh for this run only."""
    seeds = [web.url("synd-a", STORY), *(web.url(host, path) for host, path in COPIES)]
    rejected = output_dir / "rejected.jsonl"
    before = len(read_jsonl(rejected))
    returncode, text = run_topic_crawl(["-a", "urls=" + ",".join(seeds)], output_dir, output_dir.parent / f"{name}.log")
    return Crawl(returncode, text, read_jsonl(output_dir / "articles.jsonl"), read_jsonl(rejected)[before:], parse_stats(text))


@pytest.fixture(scope="module")
def crawls(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Crawl]]:
    """The first crawl, a second one of the same web, and a third after synd-a updated the story."""
    out = tmp_path_factory.mktemp("crawl-dedup") / "out"
    out.mkdir()
    runs = [run_crawl(fixture_web, out, "first"), run_crawl(fixture_web, out, "second")]
    original = (fixture_web.hosts["synd-a"].root / STORY_FILE).read_bytes()
    updated = original.replace(b"before deciding on its next steps.", b"before deciding on its next steps." + UPDATE)
    assert updated != original
    fixture_web.override("synd-a", STORY_FILE, updated)
    try:
        runs.append(run_crawl(fixture_web, out, "third"))
    finally:
        fixture_web.override("synd-a", STORY_FILE, None)
    yield runs


def test_each_crawl_exits_zero(crawls: list[Crawl]) -> None:
    for crawl in crawls:
        assert crawl.returncode == 0, crawl.tail()


def test_first_crawl_keeps_exactly_one_article(crawls: list[Crawl]) -> None:
    first = crawls[0]
    assert [path_of(a["url"]) for a in first.articles] == [STORY], first.tail()
    article = first.articles[0]
    assert (article["version"], article["duplicate_of"]) == (1, None)
    assert article["title"] == "FCC extends ZTE equipment ban to state and local networks"
    assert first.stats.get("articles/stored") == 1


def test_first_crawl_folds_the_url_variants(crawls: list[Crawl], fixture_web: FixtureWeb) -> None:
    first, kept = crawls[0], crawls[0].articles[0]["id"]
    hits = fixture_web.hits("synd-a")
    assert [v for v in VARIANTS if not hits.get(v)] == []  # each spelling was fetched...
    assert not hits.get(SESSION_VARIANT)
    url_dups = first.rejected_as("duplicate/url")
    assert sorted(url_dups) == sorted(VARIANTS), first.tail()  # ...and dropped as the same page
    assert {r["duplicate_of"] for r in url_dups.values()} == {kept}
    assert first.stats.get("duplicate/dropped/url") == len(VARIANTS)


def test_first_crawl_drops_the_copies_on_other_hosts_as_near_duplicates(crawls: list[Crawl]) -> None:
    first, kept = crawls[0], crawls[0].articles[0]["id"]
    near = first.rejected_as("duplicate/near")
    assert sorted(near) == sorted(path for _, path in COPIES), first.tail()
    for record in near.values():
        assert record["duplicate_of"] == kept
        assert 0.8 <= record["similarity"] <= 1.0
    assert first.stats.get("duplicate/dropped/near") == len(COPIES)


def test_second_crawl_emits_nothing_new(crawls: list[Crawl]) -> None:
    first, second = crawls[0], crawls[1]
    assert second.articles == first.articles, second.tail()
    assert second.stats.get("articles/stored", 0) == 0
    # Whatever the frontier fetches again (pages done in a past run may be skipped) is a duplicate of the kept story.
    assert second.rejected, second.tail()
    assert {(r["reason"], r["duplicate_of"]) for r in second.rejected} <= {
        ("duplicate/url", first.articles[0]["id"]), ("duplicate/near", first.articles[0]["id"]),
    }, second.rejected  # fmt: skip


def test_third_crawl_emits_the_changed_story_as_version_2(crawls: list[Crawl]) -> None:
    first, third = crawls[0], crawls[2]
    assert third.articles[:1] == first.articles and len(third.articles) == 2, third.tail()
    update = third.articles[1]
    assert (update["id"], update["version"], path_of(update["url"])) == (first.articles[0]["id"], 2, STORY)
    assert UPDATE.decode().strip() in update["text"]
    assert third.stats.get("articles/stored") == 1 and third.stats.get("dedup/versions") == 1
    assert Counter(r["reason"] for r in third.rejected)["duplicate/near"] == len(COPIES)
