"""End-to-end: `scrapy crawl topic` as a subprocess against the fixture web.

The spec is tests/fixtureweb/expected.toml. One crawl per module is shared by the
checks; a second crawl into the same OUTPUT_DIR checks that state survives a run,
and a third one checks Scrapy's own feed export (`-O`) alongside our output.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.crawling import parse_stats, path_of, read_jsonl, run_topic_crawl
from tests.fixtureweb.server import SITE_DIR, FixtureWeb

pytestmark = pytest.mark.e2e

EXPECTED: dict[str, Any] = tomllib.loads((SITE_DIR.parent / "expected.toml").read_text(encoding="utf-8"))
SCHEMA_KEYS = {
    "id", "url", "canonical_url", "title", "text", "language", "published", "authors", "sitename",
    "fetched_at", "topic_score", "topic_matches", "content_hash",
}  # fmt: skip
REASONS = ("extract/empty", "invalid/too_short", "offtopic", "duplicate/url", "duplicate/exact")


@dataclass
class Crawl:
    """What one run of the crawler left behind."""

    output_dir: Path
    returncode: int | None  # None: killed after CRAWL_TIMEOUT
    log: str
    articles: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    stats: dict[str, float]

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.splitlines()[-lines:])


# --- helpers ---------------------------------------------------------------------------
def reason_code(reason: str) -> str:
    """`invalid/too_short: 32 words` -> `invalid/too_short`."""
    return reason.split(":", 1)[0].strip()


def drop_stat(reason: str) -> str:
    """The stat that counts a drop reason: `invalid/too_short` -> `invalid/dropped/too_short`."""
    stage, _, detail = reason.partition("/")
    return f"{stage}/dropped/{detail}" if detail else f"{stage}/dropped"


def start_urls(web: FixtureWeb) -> list[str]:
    return [web.url(s["host"], s["path"]) for s in EXPECTED["crawl"]["start"]]


def run_crawl(web: FixtureWeb, output_dir: Path, log_path: Path, extra_args: tuple[str, ...] = ()) -> Crawl:
    """Run the crawler once, in its own process group, killed after CRAWL_TIMEOUT seconds."""
    output_dir.mkdir(parents=True, exist_ok=True)
    returncode, text = run_topic_crawl(["-a", "urls=" + ",".join(start_urls(web)), *extra_args], output_dir, log_path)
    return Crawl(
        output_dir=output_dir,
        returncode=returncode,
        log=text,
        articles=read_jsonl(output_dir / "articles.jsonl"),
        rejected=read_jsonl(output_dir / "rejected.jsonl"),
        stats=parse_stats(text),
    )


def article_at(crawl: Crawl, path: str) -> dict[str, Any]:
    found = [a for a in crawl.articles if path_of(a["url"]) == path]
    assert len(found) == 1, f"{len(found)} kept articles at {path}; kept: {sorted(path_of(a['url']) for a in crawl.articles)}"
    return found[0]


# --- fixtures ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def crawl(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    base = tmp_path_factory.mktemp("crawl")
    return run_crawl(fixture_web, base / "out", base / "crawl.log")


@pytest.fixture(scope="module")
def second_crawl(fixture_web: FixtureWeb, crawl: Crawl) -> Crawl:
    """A second run into the same OUTPUT_DIR, after the first one."""
    return run_crawl(fixture_web, crawl.output_dir, crawl.output_dir.parent / "crawl-2.log")


@pytest.fixture(scope="module")
def feed_crawl(fixture_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, Path]:
    """A fresh run with Scrapy's own feed export on as well."""
    base = tmp_path_factory.mktemp("crawl-feed")
    feed = base / "feed.jsonl"
    return run_crawl(fixture_web, base / "out", base / "crawl.log", ("-O", str(feed))), feed


# --- the first crawl ----------------------------------------------------------------------
def test_exits_zero(crawl: Crawl) -> None:
    assert crawl.returncode == 0, f"exit status {crawl.returncode}\n{crawl.tail()}"


def test_keeps_exactly_the_expected_articles(crawl: Crawl) -> None:
    kept = Counter(path_of(a["url"]) for a in crawl.articles)
    expected = {k["path"] for k in EXPECTED["kept"]}
    for group in EXPECTED["kept_one_of"]:
        members = [m["path"] for m in group["members"]]
        chosen = [p for p in members if p in kept]
        assert len(chosen) == 1, f"exactly one of {members} must be kept, got {chosen}"
        expected.add(chosen[0])
    assert set(kept) == expected, (
        f"missing: {sorted(expected - set(kept))}\nunexpected: {sorted(set(kept) - expected)}\n{crawl.tail()}"
    )


def test_keeps_no_offtopic_article(crawl: Crawl) -> None:
    offtopic = {p for r in EXPECTED["rejected"] if r["reason"] == "offtopic" for p in r["paths"]}
    assert not offtopic & {path_of(a["url"]) for a in crawl.articles}


@pytest.mark.parametrize("key", ["url", "canonical_url", "id", "content_hash"])
def test_keeps_no_duplicate(crawl: Crawl, key: str) -> None:
    values = [path_of(a[key]) if key.endswith("url") else a[key] for a in crawl.articles]
    assert crawl.articles
    assert [v for v, n in Counter(values).items() if n > 1] == []


def test_every_line_has_the_schema(crawl: Crawl) -> None:
    assert crawl.articles, crawl.tail()
    languages = {"fr", "en"}
    for a in crawl.articles:
        where = a.get("url")
        assert SCHEMA_KEYS <= set(a), (where, SCHEMA_KEYS - set(a))
        for key in ("id", "title", "text", "content_hash"):
            assert isinstance(a[key], str) and a[key].strip(), (where, key)
        for key in ("url", "canonical_url"):
            assert isinstance(a[key], str) and a[key].startswith("http://127.0.0.1:"), (where, key, a[key])
        assert a["language"] in languages, (where, a["language"])
        assert isinstance(a["published"], str), (where, a["published"])
        datetime.fromisoformat(a["published"])
        assert isinstance(a["authors"], list) and all(isinstance(n, str) and n.strip() for n in a["authors"]), where
        assert a["sitename"] is None or isinstance(a["sitename"], str), where
        fetched = datetime.fromisoformat(a["fetched_at"].replace("Z", "+00:00"))
        assert fetched.utcoffset() == timedelta(0), (where, a["fetched_at"])
        score = a["topic_score"]
        assert isinstance(score, int | float) and not isinstance(score, bool) and score > 0, (where, score)
        matches = a["topic_matches"]
        assert isinstance(matches, list) and matches and all(isinstance(m, str) for m in matches), (where, matches)


@pytest.mark.parametrize("page", EXPECTED["fields"], ids=lambda f: f["path"].rsplit("/", 1)[-1][:40])
def test_known_page_fields(crawl: Crawl, page: dict[str, Any]) -> None:
    article = article_at(crawl, page["path"])
    assert article["title"] == page["title"]
    assert article["published"].startswith(page["published"]), article["published"]
    assert article["language"] == page["language"]
    assert article["authors"] == page["authors"]
    if "sitename" in page:
        assert article["sitename"] == page["sitename"]


def test_no_cruft_in_kept_text(crawl: Crawl) -> None:
    assert crawl.articles
    found = [
        (path_of(a["url"]), phrase) for a in crawl.articles for phrase in EXPECTED["cruft"]["phrases"] if phrase in a["text"]
    ]
    assert found == []


@pytest.mark.parametrize("case", EXPECTED["lead_once"], ids=lambda c: c["path"].rsplit("/", 1)[-1][:40])
def test_lead_occurs_once(crawl: Crawl, case: dict[str, Any]) -> None:
    text = article_at(crawl, case["path"])["text"]
    assert text.count(case["lead"]) == 1


def test_latin1_page_keeps_its_accents(crawl: Crawl) -> None:
    article = article_at(crawl, EXPECTED["latin1"]["path"])
    missing = [w for w in EXPECTED["latin1"]["words"] if w not in article["text"]]
    assert missing == [], article["text"][:500]
    replaced = [path_of(a["url"]) for a in crawl.articles if "\ufffd" in a["text"] + (a["title"] or "")]
    assert replaced == []


@pytest.mark.parametrize("case", EXPECTED["rejected"], ids=lambda r: f"{r['reason']}:{r['paths'][0].rsplit('/', 1)[-1][:30]}")
def test_expected_rejection(crawl: Crawl, case: dict[str, Any]) -> None:
    seen = [(path_of(r["url"]), reason_code(r["reason"])) for r in crawl.rejected]
    assert any(path in case["paths"] and reason == case["reason"] for path, reason in seen), (
        f"no {case['reason']} for {case['paths']} ({case['note']})\nrejected: {sorted(seen)}"
    )


def test_exact_copy_is_rejected(crawl: Crawl) -> None:
    kept = {path_of(a["url"]) for a in crawl.articles}
    seen = {(path_of(r["url"]), reason_code(r["reason"])) for r in crawl.rejected}
    for group in EXPECTED["kept_one_of"]:
        for member in group["members"]:
            if member["path"] not in kept:
                assert (member["path"], group["reason"]) in seen, (member, sorted(seen))


@pytest.mark.parametrize("case", EXPECTED["never_fetched"], ids=lambda c: c["host"] + c["prefix"])
def test_never_fetched(crawl: Crawl, fixture_web: FixtureWeb, case: dict[str, Any]) -> None:
    hits = fixture_web.hits(case["host"])
    assert [p for p in hits if p.startswith(case["prefix"])] == []


@pytest.mark.parametrize("case", EXPECTED["must_fetch"], ids=lambda c: c["host"])
def test_discovery_paths_fetched(crawl: Crawl, fixture_web: FixtureWeb, case: dict[str, Any]) -> None:
    hits = fixture_web.hits(case["host"])
    assert [p for p in case["paths"] if not hits.get(p)] == []


def test_stats_in_the_log(crawl: Crawl) -> None:
    assert crawl.stats, f"no 'Dumping Scrapy stats' block in the log\n{crawl.tail()}"
    assert crawl.stats.get("articles/stored") == len(crawl.articles)
    assert crawl.stats.get("response_received_count", 0) > 0
    expected_min = Counter(r["reason"] for r in EXPECTED["rejected"])
    for group in EXPECTED["kept_one_of"]:
        expected_min[group["reason"]] += len(group["members"]) - 1
    rejected = Counter(reason_code(r["reason"]) for r in crawl.rejected)
    for reason in REASONS:
        stat = crawl.stats.get(drop_stat(reason), 0)
        assert stat >= expected_min[reason], (drop_stat(reason), stat)
        assert stat == rejected[reason], f"{drop_stat(reason)}={stat} but {rejected[reason]} lines in rejected.jsonl"


def test_state_db_written(crawl: Crawl) -> None:
    assert (crawl.output_dir / "state.db").is_file()


# --- a second run into the same OUTPUT_DIR --------------------------------------------------
def test_second_run_adds_no_article(crawl: Crawl, second_crawl: Crawl) -> None:
    assert second_crawl.returncode == 0, second_crawl.tail()
    assert len(second_crawl.articles) == len(crawl.articles), second_crawl.tail()
    assert [a["id"] for a in second_crawl.articles] == [a["id"] for a in crawl.articles]
    assert second_crawl.stats.get("articles/stored", 0) == 0


# --- Scrapy's own feed export alongside ------------------------------------------------------
def test_feed_export_holds_the_kept_articles(feed_crawl: tuple[Crawl, Path]) -> None:
    run, feed = feed_crawl
    assert run.returncode == 0, run.tail()
    assert run.articles, run.tail()
    exported = read_jsonl(feed)
    assert sorted(path_of(item["url"]) for item in exported) == sorted(path_of(a["url"]) for a in run.articles)
