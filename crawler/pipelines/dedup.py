"""Stage 400: `Article -> Article (+id, content_hash) | DropItem("duplicate/<url|exact>")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.dedup.fingerprints import content_hash, url_id
from crawler.items import Article
from crawler.pipelines.config import store_config
from crawler.pipelines.drops import Rejected
from crawler.store.base import StateStore
from crawler.store.open import StoreConfig, open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class DedupPipeline:
    """Drops an article whose canonical URL or normalised text was seen, in this run or a past one."""

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.store: StateStore | None = None
        # Keys claimed in this run by articles still on their way to the store stage.
        self._urls: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(store_config(crawler.settings))

    def open_spider(self) -> None:
        self.store = open_store(self.config)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def _seen_url(self, canonical_url: str) -> str | None:
        assert self.store is not None
        return self._urls.get(canonical_url) or self.store.article_by_url(canonical_url)

    def _seen_text(self, digest: str) -> str | None:
        assert self.store is not None
        return self._hashes.get(digest) or self.store.article_by_content(digest)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        item.id = url_id(item.canonical_url)
        item.content_hash = content_hash(item.text)
        if (kept := self._seen_url(item.canonical_url)) is not None:
            raise Rejected("duplicate/url", item.canonical_url, url=item.url, duplicate_of=kept)
        if (kept := self._seen_text(item.content_hash)) is not None:
            raise Rejected("duplicate/exact", item.content_hash, url=item.url, duplicate_of=kept)
        self._urls[item.canonical_url] = item.id
        self._hashes[item.content_hash] = item.id
        return item
