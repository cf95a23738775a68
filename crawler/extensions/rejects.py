"""Every dropped item goes to rejected.jsonl with its reason, and is counted by reason."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.middlewares.frontier import FrontierRecorder
from crawler.pipelines.config import output_path
from crawler.pipelines.drops import Rejected, stat_key
from crawler.store.jsonl import JsonlAppender

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class RejectLog:
    """Listens to `item_dropped`: appends {url, reason, detail, ...} and bumps `<stage>/dropped/<why>`."""

    def __init__(
        self, path: Path, stats: StatsCollector, fsync: bool = True, frontier: FrontierRecorder | None = None
    ) -> None:
        self.path = path
        self.stats = stats
        self.fsync = fsync
        self.frontier = frontier
        self.out: JsonlAppender | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectLog:
        assert crawler.stats is not None
        ext = cls(output_path(crawler.settings, "OUTPUT_REJECTED"), crawler.stats,
                  crawler.settings.getbool("OUTPUT_FSYNC"), FrontierRecorder.for_crawl(crawler))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        return ext

    def spider_opened(self) -> None:
        self.out = JsonlAppender(self.path, fsync=self.fsync)

    def spider_closed(self) -> None:
        if self.out is not None:
            self.out.close()

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(exception, Rejected):
            reason, detail, extra = exception.reason, exception.detail, dict(exception.extra)
        else:
            reason, detail, extra = "dropped/other", str(exception), dict[str, Any]()
        self.stats.inc_value(stat_key(reason))
        record = {
            "url": extra.pop("url", None) or getattr(item, "url", None),
            "reason": reason,
            "detail": detail,
            "rejected_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **extra,
        }
        if self.out is not None:
            self.out.append(record)
        if self.frontier is not None:
            self.frontier.finish_article(getattr(item, "frontier_key", ""))
