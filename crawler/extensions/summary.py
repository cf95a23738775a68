"""At the end of a crawl: a short summary table printed, and written to OUTPUT_DIR/SUMMARY_FILE (JSON)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.config import output_path
from crawler.reporting.summary import CrawlCounts, Summary, build_summary, render_summary

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class CrawlSummary:
    """Counts responses per host and kept articles per host and language; at close builds, prints and writes the summary."""

    def __init__(self, stats: StatsCollector, path: Path) -> None:
        self.stats = stats
        self.path = path
        self.started = time.monotonic()
        self.pages: Counter[str] = Counter()
        self.articles: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.summary: Summary | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        if not crawler.settings.getbool("SUMMARY_ENABLED"):
            raise NotConfigured("SUMMARY_ENABLED is off")
        assert crawler.stats is not None
        ext = cls(crawler.stats, output_path(crawler.settings, "SUMMARY_FILE"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()

    def response_received(self, response: Response) -> None:
        self.pages[host_of(response.url)] += 1

    def item_scraped(self, item: Any) -> None:
        self.articles[host_of(getattr(item, "url", "") or "")] += 1
        self.languages[getattr(item, "language", None) or "unknown"] += 1

    def spider_closed(self, reason: str) -> None:
        counts = CrawlCounts(self.pages, self.articles, self.languages)
        self.summary = build_summary(self.stats.get_stats(), reason, time.monotonic() - self.started, counts)
        written = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.summary.record(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:  # the output is not writable (full, read-only): the summary is still printed
            written = f"nowhere: {self.path} ({exc.strerror or exc})"
        print(render_summary(self.summary, written), file=sys.stdout, flush=True)
