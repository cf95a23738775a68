"""The end-of-crawl summary from stats: drops by reason, errors by kind, and what to do next."""

from __future__ import annotations

from crawler.reporting.summary import CrawlCounts, build_summary, drop_reason, drops_from_stats, render_summary

GOOD_STATS = {
    "downloader/response_count": 40, "articles/stored": 6, "pages/article_candidates": 12,
    "offtopic/dropped": 3, "duplicate/dropped/exact": 2, "invalid/dropped/too_short": 1, "budget/dropped/pages_per_host": 4,
    "fetch/failed/HttpError": 5, "discovery/errors/feed": 1, "log_count/ERROR": 2, "item_scraped_count": 6,
}  # fmt: skip
COUNTS = CrawlCounts({"a.example:80": 30, "b.example:80": 10}, {"a.example:80": 4, "b.example:80": 2}, {"fr": 4, "en": 2})


def test_drop_reasons_come_from_the_drop_stats() -> None:
    assert drop_reason("offtopic/dropped") == "offtopic"
    assert drop_reason("duplicate/dropped/url") == "duplicate/url"
    assert drop_reason("frontier/done/article") is None
    assert drop_reason("item_dropped_count") is None
    assert list(drops_from_stats(GOOD_STATS).items())[:2] == [("budget/pages_per_host", 4), ("offtopic", 3)]


def test_summary_of_a_crawl_that_went_well() -> None:
    summary = build_summary(GOOD_STATS, "finished", 83.4, COUNTS)
    assert (summary.pages, summary.articles, summary.duration_s) == (40, 6, 83.4)
    assert summary.drops["duplicate/exact"] == 2
    assert summary.top_hosts[0] == {"host": "a.example:80", "pages": 30, "articles": 4}
    assert summary.languages == {"fr": 4, "en": 2}
    assert summary.errors == {"fetch: HttpError": 5, "errors logged": 2, "discovery/errors/feed": 1}
    assert summary.advice == ["some hosts reached their page budget: raise TOPIC_PAGES_PER_HOST (or the profile's budgets)"]
    table = render_summary(summary, "output/summary.json")
    assert "finished after 1m23s" in table
    assert "articles kept  6" in table
    assert "a.example:80 (30 pages, 4 kept)" in table
    assert table.splitlines()[-1] == "written to     output/summary.json"
    assert summary.record()["drops"] == summary.drops


def test_no_seed_answered_says_check_the_network() -> None:
    stats = {"fetch/failed/DNSLookupError": 17, "log_count/ERROR": 0}
    summary = build_summary(stats, "finished", 4.0, CrawlCounts())
    assert summary.pages == 0
    assert summary.advice[0].startswith("no seed answered: check the network")
    assert summary.errors == {"fetch: DNSLookupError": 17}
    assert "next           no seed answered" in render_summary(summary)


def test_nothing_on_topic_and_early_stops_are_explained() -> None:
    stats = {"downloader/response_count": 30, "pages/article_candidates": 9, "offtopic/dropped": 9, "extract/dropped/timeout": 2}
    advice = build_summary(stats, "closespider_itemcount", 10.0, CrawlCounts()).advice
    assert any("none was on topic" in tip for tip in advice)
    assert any("EXTRACT_TIMEOUT" in tip for tip in advice)
    assert any("closespider_itemcount" in tip for tip in advice)
    assert any("resume" in tip for tip in build_summary(stats, "shutdown", 1.0, CrawlCounts()).advice)
