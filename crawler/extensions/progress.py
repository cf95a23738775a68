"""A progress line every PROGRESS_INTERVAL seconds while a crawl runs, logged at INFO (one line each, in a terminal too).

    progress: 120 pages, 14 articles kept (6.5/min), dropped: offtopic 30, duplicate/url 4; 3 hosts active, 41 pending
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.reporting.summary import drops_from_stats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)
TOP_DROPS = 3


def progress_line(stats: dict[str, Any], minutes: float, hosts_active: int, pending: int | None) -> str:
    """The progress line from the crawl's stats so far."""
    pages = int(stats.get("downloader/response_count", 0))
    kept = int(stats.get("articles/stored", stats.get("item_scraped_count", 0)))
    rate = kept / minutes if minutes > 0 else 0.0
    drops = list(drops_from_stats(stats).items())[:TOP_DROPS]
    dropped = ", ".join(f"{reason} {n}" for reason, n in drops) or "none"
    waiting = "?" if pending is None else str(pending)
    return (f"progress: {pages} pages, {kept} articles kept ({rate:.1f}/min), dropped: {dropped}; "
            f"{hosts_active} hosts active, {waiting} pending")


class Progress:
    """Logs `progress_line` every interval ("hosts active": hosts that answered since the last line)."""

    def __init__(self, crawler: Crawler, stats: StatsCollector, interval: float) -> None:
        self.crawler = crawler
        self.stats = stats
        self.interval = interval
        self.started = time.monotonic()
        self.hosts: set[str] = set()
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        assert crawler.stats is not None
        ext = cls(crawler, crawler.stats, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.task = create_looping_call(self.report)
        self.task.start(self.interval, now=False)

    def response_received(self, response: Response) -> None:
        self.hosts.add(urlsplit(response.url).netloc)

    def pending(self) -> int | None:
        """Requests waiting in the scheduler; None before the engine runs or for a scheduler without a length."""
        try:
            scheduler = self.crawler.engine.scheduler
        except RuntimeError:  # "Crawler.engine is not set yet"
            return None
        try:
            return len(scheduler)  # type: ignore[arg-type]
        except TypeError:
            return None

    def report(self) -> None:
        minutes = (time.monotonic() - self.started) / 60
        line = progress_line(self.stats.get_stats(), minutes, len(self.hosts), self.pending())
        self.hosts.clear()
        logger.info(line)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
