"""What a person sees and sets: the progress line, the summary extension, the User-Agent add-on, the spider's -a check."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.extensions.progress import Progress, progress_line
from crawler.extensions.summary import CrawlSummary
from crawler.items import Article
from crawler.spiders.topic import TopicSpider
from crawler.user_errors import UserError

PROJECT = {k: v for k, v in vars(project_settings).items() if k.isupper()}


def crawler_with(**settings: Any) -> Crawler:
    return get_crawler(TopicSpider, settings_dict={**PROJECT, **settings})


def article(url: str, language: str) -> Article:
    return Article(url=url, canonical_url=url, title="t", text="x", language=language, published=None, authors=[],
                   sitename=None, fetched_at="2024-01-01T00:00:00+00:00")


def test_progress_line_has_pages_kept_drops_hosts_rate_and_pending() -> None:
    stats = {"downloader/response_count": 120, "articles/stored": 14, "offtopic/dropped": 30, "duplicate/dropped/url": 4,
             "invalid/dropped/too_short": 2, "extract/dropped/empty": 1}
    line = progress_line(stats, minutes=2.0, hosts_active=3, pending=41)
    assert line == ("progress: 120 pages, 14 articles kept (7.0/min), dropped: offtopic 30, duplicate/url 4, "
                    "invalid/too_short 2; 3 hosts active, 41 pending")
    assert "dropped: none" in progress_line({}, 0.0, 0, None)


def test_progress_logs_one_line_per_report(caplog: pytest.LogCaptureFixture) -> None:
    crawler = crawler_with(PROGRESS_INTERVAL=10.0)
    progress = Progress.from_crawler(crawler)
    assert progress.interval == 10.0
    crawler.stats.open_spider()
    crawler.stats.set_value("downloader/response_count", 5)
    progress.response_received(HtmlResponse("http://a.example/x", body=b""))
    progress.response_received(HtmlResponse("http://b.example/y", body=b""))
    with caplog.at_level(logging.INFO, logger="crawler.extensions.progress"):
        progress.report()
        progress.report()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    assert lines[0].startswith("progress: 5 pages, 0 articles kept") and "2 hosts active" in lines[0]
    assert "0 hosts active" in lines[1]  # hosts that answered since the last line


def test_progress_off_with_interval_zero() -> None:
    with pytest.raises(NotConfigured):
        Progress.from_crawler(crawler_with(PROGRESS_INTERVAL=0))


def test_summary_is_printed_and_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crawler = crawler_with(OUTPUT_DIR=str(tmp_path))
    summary = CrawlSummary.from_crawler(crawler)
    crawler.stats.open_spider()
    crawler.stats.set_value("downloader/response_count", 3)
    crawler.stats.set_value("articles/stored", 2)
    crawler.stats.set_value("offtopic/dropped", 1)
    summary.spider_opened()
    for url in ("http://a.example/1", "http://a.example/2", "http://b.example/3"):
        summary.response_received(HtmlResponse(url, body=b""))
    summary.item_scraped(article("http://a.example/1", "fr"))
    summary.item_scraped(article("http://b.example/3", "en"))
    summary.spider_closed("finished")
    written = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert written["pages"] == 3 and written["articles"] == 2 and written["finish_reason"] == "finished"
    assert written["drops"] == {"offtopic": 1}
    assert written["languages"] == {"fr": 1, "en": 1}
    assert written["top_hosts"][0] == {"host": "a.example", "pages": 2, "articles": 1}
    out = capsys.readouterr().out
    assert out.startswith("Crawl summary\n") and "articles kept  2" in out and str(tmp_path / "summary.json") in out


def test_user_agent_is_built_from_crawler_contact() -> None:
    contact = crawler_with(CRAWLER_CONTACT="mailto:ops@example.org")
    assert contact.settings["USER_AGENT"] == "topic-news-crawler/0.1 (+mailto:ops@example.org)"
    default = crawler_with()
    assert default.settings["USER_AGENT"] == "topic-news-crawler/0.1 (+https://github.com/topic-news-crawler)"
    assert crawler_with(USER_AGENT="my-bot/2").settings["USER_AGENT"] == "my-bot/2"


def test_unknown_spider_argument_is_refused() -> None:
    crawler = crawler_with()
    with pytest.raises(UserError, match="did you mean `profile`"):
        crawler._create_spider(profil="x.toml")
    assert crawler._create_spider(_job="42", urls="http://127.0.0.1:1/").seeds == ["http://127.0.0.1:1/"]
