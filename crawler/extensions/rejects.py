"""Every dropped item goes to rejected.jsonl with its reason, and is counted by reason.

It only logs: whether the dropped item's URL is done is decided by the crawl
state's owner (`crawler.state.CrawlState`), so turning this log off changes nothing
in what later runs fetch. Each line is one write (a killed process keeps it);
with OUTPUT_FSYNC the file is synced at most every `SYNC_SECONDS` and at close,
not once per line (measured: 10 ms per rejected page on the reactor thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.config import output_path
from crawler.drops import Rejected, stat_key
from crawler.state import CrawlState
from crawler.store.connection import is_unwritable
from crawler.store.jsonl import JsonlAppender

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

# At most this long between two syncs of the file (a power cut loses at most the lines of that moment).
SYNC_SECONDS = 1.0


class RejectLog:
    """Listens to `item_dropped`: appends {url, reason, detail, ...} and bumps `<stage>/dropped/<why>`."""

    def __init__(
        self, path: Path, stats: StatsCollector, fsync: bool = True,
        on_unwritable: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.path = path
        self.stats = stats
        self.fsync = fsync
        self.on_unwritable = on_unwritable
        self.out: JsonlAppender | None = None
        self._synced = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RejectLog:
        assert crawler.stats is not None
        ext = cls(output_path(crawler.settings, "OUTPUT_REJECTED"), crawler.stats,
                  crawler.settings.getbool("OUTPUT_FSYNC"), lambda exc: CrawlState.of(crawler).unwritable(exc))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        return ext

    def spider_opened(self) -> None:
        try:
            self.out = JsonlAppender(self.path, fsync=False)  # synced here, see SYNC_SECONDS
        except OSError as exc:
            self._unwritable(exc)

    def _unwritable(self, exc: OSError) -> None:
        if not is_unwritable(exc) or self.on_unwritable is None:
            raise exc
        self.on_unwritable(exc)

    def spider_closed(self) -> None:
        if self.out is not None:
            self._sync()
            self.out.close()

    def _sync(self) -> None:
        if self.out is None or not self.fsync:
            return
        self._synced = time.monotonic()
        try:
            self.out.sync()
        except OSError as exc:
            self._unwritable(exc)

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
        if self.out is None:
            return
        try:
            self.out.append(record)
        except OSError as exc:
            self._unwritable(exc)
            return
        if time.monotonic() - self._synced >= SYNC_SECONDS:
            self._sync()
