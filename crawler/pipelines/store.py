"""Stage 900: `Article -> Article`, written exactly once to articles.jsonl.

The outbox (see README.md, "Scheduled crawls"): the record is committed to the
crawl state together with its URL's `done` mark, in one transaction; then its
line is appended (one write, fsynced) and the record marked written. At start,
records committed but not marked written are looked for at the end of the file
and appended if missing, after a torn last line is cut. So a crash at any point
neither loses an article nor writes it twice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.items import Article
from crawler.middlewares.frontier import FrontierRecorder
from crawler.pipelines.config import output_path, store_config
from crawler.store.base import StateStore, StoredArticle
from crawler.store.jsonl import JsonlAppender
from crawler.store.open import StoreConfig, open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

# Bytes read back from the end of articles.jsonl per record to reconcile, at least.
_TAIL_PER_RECORD = 64 * 1024


class StorePipeline:
    """Commits each kept article to the outbox with its URL done, then appends its line."""

    def __init__(
        self, path: Path, config: StoreConfig, stats: StatsCollector, frontier: FrontierRecorder, fsync: bool = True
    ) -> None:
        self.path = path
        self.config = config
        self.stats = stats
        self.frontier = frontier
        self.fsync = fsync
        self.store: StateStore | None = None
        self.out: JsonlAppender | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        assert crawler.stats is not None
        return cls(
            output_path(s, "OUTPUT_ARTICLES"), store_config(s), crawler.stats, FrontierRecorder.for_crawl(crawler),
            s.getbool("OUTPUT_FSYNC"),
        )

    def open_spider(self) -> None:
        self.store = open_store(self.config)
        self.out = JsonlAppender(self.path, fsync=self.fsync)
        self.reconcile()

    def close_spider(self) -> None:
        if self.out is not None:
            self.out.close()
        if self.store is not None:
            self.store.close()

    def reconcile(self) -> int:
        """Append the committed records whose line a crash kept out of the file; returns how many."""
        assert self.out is not None
        outbox = self.frontier.open()
        pending = outbox.unwritten()
        if not pending:
            return 0
        present = {(r.get("id"), r.get("version", 1)) for r in self.out.tail(_TAIL_PER_RECORD * len(pending))}
        appended = 0
        for record_id, version, text in pending:
            record = json.loads(text)
            if (record_id, version) not in present:
                self.out.append(record)
                appended += 1
            self._remember(record)
            outbox.mark_written(record_id, version)
        self.stats.set_value("articles/recovered", appended)
        return appended

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.out is not None and self.store is not None
        record = item.record()
        outbox = self.frontier.open()
        outcome = self.frontier.article_outcome() if item.frontier_key else None
        if outbox.store_record(item.frontier_key, outcome, item.id, item.version, json.dumps(record, ensure_ascii=False)):
            self.out.append(record)
            self._remember(record)
            outbox.mark_written(item.id, item.version)
            self.stats.inc_value("articles/stored")
        return item

    def _remember(self, record: dict[str, Any]) -> None:
        """The state's plain record of a stored article (URL and content), beside its fingerprints."""
        assert self.store is not None
        stored = StoredArticle(
            id=record["id"], canonical_url=record["canonical_url"], content_hash=record["content_hash"],
            url=record["url"], stored_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self.store.add_article(stored)
