"""Stage 900: `Article -> Article`, appended durably to articles.jsonl, then recorded in the state."""

from __future__ import annotations

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


class StorePipeline:
    """Writes each kept article's record as one line, fsynced, and then marks it stored."""

    def __init__(self, path: Path, config: StoreConfig, stats: StatsCollector, fsync: bool = True) -> None:
        self.path = path
        self.config = config
        self.stats = stats
        self.fsync = fsync
        self.store: StateStore | None = None
        self.out: JsonlAppender | None = None
        self.frontier: FrontierRecorder | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        assert crawler.stats is not None
        stage = cls(output_path(s, "OUTPUT_ARTICLES"), store_config(s), crawler.stats, s.getbool("OUTPUT_FSYNC"))
        stage.frontier = FrontierRecorder.for_crawl(crawler)
        return stage

    def open_spider(self) -> None:
        self.store = open_store(self.config)
        self.out = JsonlAppender(self.path, fsync=self.fsync)

    def close_spider(self) -> None:
        if self.out is not None:
            self.out.close()
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.out is not None and self.store is not None
        self.out.append(item.record())
        self.store.add_article(
            StoredArticle(
                id=item.id,
                canonical_url=item.canonical_url,
                content_hash=item.content_hash,
                url=item.url,
                stored_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
        self.stats.inc_value("articles/stored")
        if self.frontier is not None:
            self.frontier.finish_article(item.frontier_key)
        return item
