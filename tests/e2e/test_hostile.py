"""End-to-end: the crawler against misbehaving servers on 127.0.0.1 (issue "Hostile input", docs/safety.md).

Two crawls into one output folder, with the project's default timeouts:
1. robots.txt answers 503 on one host and hangs on another; a robots.txt of
   10 MB; Crawl-delay: 2 on a host whose sitemap comes from its robots.txt; a
   PDF served as text/html in a news sitemap; a 100k-row table page and a page
   of 100k nested divs; an article whose Content-Length is half its body; a host
   whose pages never answer.
2. The two robots.txt now answer: their allowed pages are fetched, the
   disallowed ones still never.
The crawl's process tree (crawler, extraction workers) is sampled for its RSS
throughout, and each case's measured behaviour is printed (`pytest -s`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.crawling import path_of
from tests.e2e.hostile_web import CRAWL_DELAY, STEADY_ARTICLES, Crawl, Outcome, StagedHost, run_stage

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RSS_LIMIT = 500 * 1024 * 1024


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    yield run_stage(tmp_path_factory.mktemp("hostile"))


def report(case: str, measured: str) -> None:
    print(f"\n[hostile] {case}: {measured}")


def kept_paths(crawl: Crawl, host: StagedHost) -> set[str]:
    return {path_of(a["url"]) for a in crawl.articles if a["url"].startswith(host.base)}


# --- the cases ------------------------------------------------------------------------------
def test_both_crawls_finish(outcome: Outcome) -> None:
    for crawl in (outcome.first, outcome.second):
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert "Traceback" not in crawl.log, crawl.log[-3000:]
    report("crawl durations", f"first {outcome.first.seconds:.1f} s, second {outcome.second.seconds:.1f} s")


@pytest.mark.parametrize("name", ["flaky", "hanging"])
def test_unavailable_robots_txt_disallows_until_it_answers(outcome: Outcome, name: str) -> None:
    host = outcome.stage.host(name)
    second_at = outcome.second_started
    before = [path for at, path in host.hits if at < second_at]
    after = [path for at, path in host.hits if at >= second_at]
    assert before == ["/robots.txt"], f"first crawl, robots.txt {name}: {before}"  # asked once, nothing else fetched
    assert "/news/open" in after and "/private/closed" not in after, after
    assert after.count("/robots.txt") == 1
    assert kept_paths(outcome.second, host) == {"/news/open"}
    assert outcome.first.stats.get("robotstxt/refused/unavailable", 0) >= 2
    report(f"robots.txt {name}", f"first crawl requested {before}; second crawl {sorted(set(after))}")


def test_crawl_delay_is_obeyed_and_robots_sitemaps_are_handed_over(outcome: Outcome) -> None:
    host = outcome.stage.host("steady")
    paths = host.paths()
    assert paths.count("/robots.txt") == 1 and "/news-sitemap.xml" in paths  # the Sitemap: line, handed to the spider
    times = [at for at, path in host.hits if path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 2 + STEADY_ARTICLES
    assert min(gaps) >= CRAWL_DELAY, gaps  # as the server sees them
    assert len(kept_paths(outcome.first, host)) == STEADY_ARTICLES
    report("Crawl-delay: 2", f"{len(gaps)} gaps, min {min(gaps):.2f} s, max {max(gaps):.2f} s")


def test_robots_txt_is_read_up_to_500_kib(outcome: Outcome) -> None:
    host = outcome.stage.host("bigrobots")
    paths = host.paths()
    assert paths.count("/robots.txt") == 1
    assert "/blocked/a" not in paths  # disallowed in the first lines
    assert "/late/b" in paths  # disallowed only past 500 KiB: never read
    assert outcome.first.stats.get("robotstxt/cut", 0) == 1
    full = len(host.routes("/robots.txt").body)
    report("10 MB robots.txt", f"server sent {host.sent.get('/robots.txt', 0):,} of {full:,} bytes; /blocked/ never fetched")


def test_no_article_has_more_than_one_percent_replacement_characters(outcome: Outcome) -> None:
    articles = outcome.first.articles + outcome.second.articles
    worst = max(a["text"].count("\ufffd") / max(len(a["text"]), 1) for a in articles)
    assert worst <= 0.01
    host = outcome.stage.host("junk")
    assert kept_paths(outcome.first, host) == {"/news/fine"}
    reasons = {path_of(r["url"]): r["reason"] for r in outcome.first.rejected if r.get("url", "").startswith(host.base)}
    assert reasons.get("/news/report", "").startswith("extract/binary"), reasons
    report("PDF as text/html", f"rejected as {reasons['/news/report']!r}; worst U+FFFD share of a stored article {worst:.4f}")


def test_giant_pages_are_bounded_and_nested_text_is_kept(outcome: Outcome) -> None:
    host, steady = outcome.stage.host("giant"), outcome.stage.host("steady")
    reasons = {path_of(r["url"]): r["reason"] for r in outcome.first.rejected if r.get("url", "").startswith(host.base)}
    assert reasons.get("/news/table", "").startswith("extract/too_complex"), reasons
    assert kept_paths(outcome.first, host) == {"/news/deep"}
    deep = next(a for a in outcome.first.articles if a["url"].endswith("/news/deep"))
    assert deep["word_count"] > 100
    table_at = host.times("/news/table")[0]
    arriving = [at - table_at for at in steady.times("/news/") if at > table_at]
    assert arriving, "the steady host's pages stopped when the table page came"
    gaps = [b - a for a, b in zip([0.0, *arriving], arriving, strict=False)]
    assert max(gaps) < CRAWL_DELAY + 8, gaps
    report("100k-row table", f"{reasons['/news/table']!r}; steady host's pages after it at {[round(a, 1) for a in arriving]} s")
    report("100k nested divs", f"kept, {deep['word_count']} words")


def test_a_lying_content_length_flags_the_article_truncated(outcome: Outcome) -> None:
    host = outcome.stage.host("liar")
    cut = [a for a in outcome.first.articles if a["url"].startswith(host.base)]
    rejected = [r for r in outcome.first.rejected if r.get("url", "").startswith(host.base)]
    assert len(cut) == 1, rejected
    assert "truncated" in cut[0]["quality_flags"]
    assert cut[0]["word_count"] > 150  # not the short-text rule: the body's end says it was cut
    report("Content-Length half the body", f"stored with flags {cut[0]['quality_flags']}, {cut[0]['word_count']} words")


def test_a_dead_host_is_set_aside_within_two_minutes(outcome: Outcome) -> None:
    host = outcome.stage.host("dead")
    pages = [at for at, path in host.hits if path != "/robots.txt" and at < outcome.second_started]
    assert outcome.first.stats.get("hostguard/set_aside") == 1
    assert outcome.first.stats.get("hostguard/refused", 0) + outcome.first.stats.get("hostguard/cancelled", 0) >= 1
    span = max(pages) - outcome.first_started
    assert span < 120
    assert outcome.first.seconds < 120 + 30
    took = outcome.first.seconds
    report("dead host", f"{len(pages)} page requests, the last {span:.0f} s into the crawl; the crawl took {took:.0f} s")


def test_peak_rss_of_the_crawl_stays_under_500_mb(outcome: Outcome) -> None:
    peaks = (outcome.first.peak_rss, outcome.second.peak_rss)
    report("peak RSS of the crawl process tree", f"{peaks[0] / 2**20:.0f} MB, {peaks[1] / 2**20:.0f} MB")
    assert max(peaks) < RSS_LIMIT
