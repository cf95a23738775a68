"""A host's chrome is known before its first article is written, and never makes an unchanged article new."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from tests.fixtureweb.generated import GeneratedSite

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# Phrased unlike anything in the cruft tables: only learning the site's template can catch it.
PROMO = "Écoutez Les Coulisses du Fret, notre émission du jeudi, sur votre appli favorite."


def crawl(site: GeneratedSite, output: Path, *settings: str) -> str:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "topic", "-a", f"urls={site.base}/",
        "-s", f"OUTPUT_DIR={output}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "LOG_LEVEL=INFO", "-s", "FRONTIER_STRUCTURE_INTERVAL=0", "-s", "FRONTIER_MIN_INTERVAL=0",
    ]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "'finish_reason': 'finished'" in result.stderr, result.stderr[-3000:]
    return result.stderr


def lines(output: Path) -> list[dict[str, Any]]:
    path = output / "articles.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_the_promo_never_reaches_an_article(tmp_path: Path) -> None:
    with GeneratedSite(articles=12, per_hub=4, promo=PROMO) as site:
        page = site.page("/article/0")[2].decode()
        assert PROMO in (trafilatura.extract(page, deduplicate=False) or ""), "the fixture must fool trafilatura"
        log = crawl(site, tmp_path / "output")
        stored = lines(tmp_path / "output")
    assert {r["url"] for r in stored} == site.article_urls()
    assert not [r["url"] for r in stored if PROMO in r["text"]]
    assert "'templates/lines_removed'" in log


def test_a_template_learnt_later_makes_no_new_version(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with GeneratedSite(articles=8, per_hub=4, promo=PROMO) as site:
        crawl(site, output, "TEMPLATES_ENABLED=False")  # a first run that knew no template
        first = lines(output)
        assert first and all(PROMO in r["text"] for r in first)
        site.stamp = "regenerated"  # every page's bytes change, no story does; the sitemap says so
        site.modified = dict.fromkeys(site.modified, datetime.now(UTC).isoformat(timespec="seconds"))
        log = crawl(site, output)
    assert lines(output) == first, "an unchanged article was written again"
    assert "'templates/lines_removed'" in log
