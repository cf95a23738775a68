"""Each run is recorded in the crawl state: started, finished, why, articles stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals

from crawler.config import output_path
from crawler.store.runs import SQLiteRuns

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunLog:
    """Writes a `runs` row at spider open, completes it at close (a killed run keeps it open)."""

    def __init__(self, path: Path, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self.runs: SQLiteRuns | None = None
        self.run_id = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLog:
        assert crawler.stats is not None
        ext = cls(output_path(crawler.settings, "STORE_SQLITE_PATH"), crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.runs = SQLiteRuns(self.path)
        self.run_id = self.runs.start(spider.name, _now())

    def spider_closed(self, reason: str) -> None:
        if self.runs is None:
            return
        self.runs.finish(self.run_id, _now(), reason, int(self.stats.get_value("articles/stored", 0)))
        self.runs.close()
