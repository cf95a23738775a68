"""Stage 100: `Page -> Article | DropItem("extract/<reason>")`, in worker processes."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from crawler.extraction.extract import ExtractConfig, Extracted, ExtractionFailed
from crawler.extraction.pool import ExtractionPool, PoolConfig
from crawler.items import Article, Page
from crawler.pipelines.config import extract_config, pool_config
from crawler.pipelines.drops import Rejected
from crawler.text.words import count_words

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def to_article(page: Page, found: Extracted) -> Article:
    """The Article of a page, from what extraction found and what the feed or sitemap said."""
    return Article(
        url=page.url,
        canonical_url=found.canonical_url,
        title=found.title or page.hints.get("title"),
        text=found.text,
        language=found.language,
        published=found.published or page.hints.get("published"),
        authors=list(found.authors),
        sitename=found.sitename,
        fetched_at=page.fetched_at,
        source=page.source,
        word_count=count_words(found.text),
        boilerplate_removed=found.boilerplate_removed,
        quality_flags=list(found.quality_flags),
        frontier_key=page.frontier_key,
    )


class ExtractPipeline:
    """Extracts each fetched page's article in a worker pool; other items pass through."""

    def __init__(self, config: ExtractConfig, pool: PoolConfig) -> None:
        self.config = config
        self.pool_config = pool
        self.pool: ExtractionPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(extract_config(crawler.settings), pool_config(crawler.settings))

    def open_spider(self) -> None:
        self.pool = ExtractionPool(self.config, self.pool_config)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        assert self.pool is not None, "open_spider() starts the pool"
        content_type = item.headers.get("content-type")
        try:
            found = await asyncio.to_thread(self.pool.extract, item.body, item.url, content_type)
        except ExtractionFailed as exc:
            raise Rejected(f"extract/{exc.reason}", exc.detail, url=item.url) from exc
        return to_article(item, found)
