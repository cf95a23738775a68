"""Incremental re-runs: an unchanged site costs no article fetch; new and changed articles, and only they, come out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fixtureweb.generated import GeneratedSite

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def crawl(site: GeneratedSite, output: Path) -> str:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "topic", "-a", f"urls={site.base}/",
        "-s", f"OUTPUT_DIR={output}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
        # a scheduled crawl revisits its feeds, sitemaps and hubs on every run
        "-s", "FRONTIER_STRUCTURE_INTERVAL=0", "-s", "FRONTIER_MIN_INTERVAL=0",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "'finish_reason': 'finished'" in result.stderr, result.stderr[-3000:]
    return result.stderr


def lines(output: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (output / "articles.jsonl").read_text("utf-8").splitlines()]


def test_rerun_fetches_and_emits_only_what_is_new(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with GeneratedSite(articles=150, per_hub=30) as site:
        crawl(site, output)
        first = lines(output)
        assert {r["url"] for r in first} == site.article_urls()
        hits_before = site.article_hits()

        log = crawl(site, output)  # unchanged site
        assert lines(output) == first
        assert site.article_hits() == hits_before, "an article page was requested again"
        assert "'articles/stored'" not in log

        added = site.add_articles(5)
        site.change_article(3)
        site.change_article(77)
        crawl(site, output)
        new = lines(output)[len(first) :]
        assert sorted(r["url"] for r in new if r["version"] == 1) == sorted(f"{site.base}/article/{n}" for n in added)
        assert sorted(r["url"] for r in new if r["version"] == 2) == [f"{site.base}/article/3", f"{site.base}/article/77"]
        assert len(new) == 7
        assert site.article_hits() == hits_before + 7
