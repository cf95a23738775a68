"""`scrapy demo` run as a new user would, in a fresh copy of the project; and the User-Agent a server sees."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crawler.demo.server import DemoWeb
from tests.e2e.cli import PROJECT_DIR, run_scrapy

pytestmark = pytest.mark.e2e


def fresh_copy(tmp_path: Path) -> Path:
    """The project's files as a clone has them: the package and scrapy.cfg, no output, no caches."""
    copy = tmp_path / "topic-news-crawler"
    shutil.copytree(PROJECT_DIR / "crawler", copy / "crawler", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("scrapy.cfg", "requirements.txt", "pyproject.toml"):
        shutil.copy(PROJECT_DIR / name, copy / name)
    return copy


def test_demo_in_a_fresh_copy(tmp_path: Path) -> None:
    copy = fresh_copy(tmp_path)
    result = run_scrapy("demo", cwd=copy, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    out = result.stdout
    assert "demo: serving 2 sample news sites on http://127.0.0.1:" in out
    assert "Crawl summary" in out and "demo: report written to output/demo/report.html" in out
    demo = copy / "output" / "demo"
    summary = json.loads((demo / "summary.json").read_text("utf-8"))
    assert summary["finish_reason"] == "finished"
    assert summary["articles"] >= 5
    assert set(summary["languages"]) == {"fr", "en"}
    assert {"offtopic", "duplicate/exact", "invalid/too_short"} <= set(summary["drops"])  # a review, a syndicated copy, a brief
    assert summary["advice"] == []
    articles = [json.loads(line) for line in (demo / "articles.jsonl").read_text("utf-8").splitlines()]
    assert len(articles) == summary["articles"]
    assert all("Huawei" in a["text"] or "Nuctech" in a["text"] for a in articles)
    assert not any("cookies" in a["text"] or "newsletter" in a["text"].lower() for a in articles)  # the cruft is gone
    report = (demo / "report.html").read_text("utf-8")
    assert report.count("<svg") == 7 and "Latest articles" in report
    log = (demo / "server.log").read_text("utf-8").splitlines()
    assert any("/feed.rss " in line for line in log) and any("/sitemap-news.xml " in line for line in log)
    # A second run starts afresh: the same articles again, not "nothing new".
    again = run_scrapy("demo", cwd=copy, timeout=120)
    assert again.returncode == 0
    assert json.loads((demo / "summary.json").read_text("utf-8"))["articles"] == summary["articles"]


def test_the_user_agent_names_the_contact(tmp_path: Path) -> None:
    with DemoWeb() as web:
        urls = ",".join(f"{web.url(host)}/" for host in web.hosts)
        result = run_scrapy("crawl", "topic", "-a", f"urls={urls}", "-s", "CRAWLER_CONTACT=mailto:ops@example.org",
                            "-s", f"OUTPUT_DIR={tmp_path}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                            "-s", "CLOSESPIDER_PAGECOUNT=3")
        agents = {hit.user_agent for hit in web.log}
    assert result.returncode == 0, result.stderr[-3000:]
    assert agents == {"topic-news-crawler/0.1 (+mailto:ops@example.org)"}
