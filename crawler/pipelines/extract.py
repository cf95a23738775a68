"""Stage 100: `Page -> Article | DropItem("extract/<reason>" | "not_article/<kind>")`, in worker processes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from crawler.config import extract_config, pool_config, template_config
from crawler.dedup.urlkeys import url_key
from crawler.drops import Rejected
from crawler.extraction.job import ExtractConfig, Extracted, ExtractionFailed
from crawler.extraction.pagetype import as_listed
from crawler.extraction.pool import ExtractionPool, PoolConfig
from crawler.extraction.published import normalise_published
from crawler.extraction.tdm import tdm_signal
from crawler.extraction.templates import TEMPLATE_BLOCKS
from crawler.items import LISTED_SOURCES, Article, Page
from crawler.scheduling.turns import Turns
from crawler.text.words import count_words

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager


def to_article(page: Page, found: Extracted, type_threshold: float | None = None) -> Article:
    """The Article of a page, from what extraction found and what the feed or sitemap said; `type_threshold` the
    page type's (None: its decision was not made)."""
    published, precision = normalise_published(found.published)
    if published is None:  # the page says nothing usable: what the feed or sitemap said
        published, precision = normalise_published(page.hints.get("published"))
    tdm = tdm_signal(page.headers, page.body, page.tdm_robots)
    return Article(
        url=page.url,
        canonical_url=found.canonical_url,
        title=found.title or page.hints.get("title"),
        text=found.text,
        language=found.language,
        published=published,
        authors=list(found.authors),
        sitename=found.sitename,
        fetched_at=page.fetched_at,
        source=page.source,
        word_count=count_words(found.text),
        boilerplate_removed=found.boilerplate_removed,
        quality_flags=list(found.quality_flags),
        frontier_key=page.frontier_key,
        published_precision=precision,
        warc_file=page.warc_file or None,
        warc_record_id=page.warc_record_id or None,
        tdm_reserved=tdm.reserved,
        tdm_source=tdm.source,
        declared_article=found.declared_article,
        page_type_margin=None if type_threshold is None else found.page_type.score - type_threshold,
    )


class ExtractPipeline:
    """Extracts each fetched page's article in a worker pool; other items pass through.

    Pages are queued to the pool without waiting (Scrapy runs up to CONCURRENT_ITEMS of them at once), so
    every worker takes the next page as soon as it is free; the reactor thread only awaits the result.
    With template learning on, the worker also reads the page's blocks from its own parse of the page, and
    they go to the template stage (signal TEMPLATE_BLOCKS) whatever the page turns out to be.
    Spellings of one page (one URL key: trailing slash, AMP, print view...) leave in the order they came, so
    the one fetched first, not the one whose worker finished first, is the one dedup keeps.
    """

    def __init__(self, config: ExtractConfig, pool: PoolConfig, signals: SignalManager | None = None) -> None:
        self.config = config
        self.pool_config = pool
        self.pool: ExtractionPool | None = None
        self.signals = signals
        self._turns = Turns()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        config = extract_config(s)
        if s.getbool("TEMPLATES_ENABLED"):
            config = replace(config, templates=template_config(s))
        return cls(config, pool_config(s), crawler.signals)

    def open_spider(self) -> None:
        self.pool = ExtractionPool(self.config, self.pool_config)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        key = url_key(item.url)
        async with self._turns.taken(key) as turn:
            found = await self._extract(item)
            await self._turns.wait(key, turn)
        if found.blocks is not None and self.signals is not None:
            self.signals.send_catch_log(TEMPLATE_BLOCKS, url=item.url, blocks=found.blocks)
        page_type = found.page_type
        if item.source in LISTED_SOURCES:
            page_type = as_listed(page_type, self.config.page_type, found.declared_article)
        if not page_type.is_article:  # a product, a listing, a thread...: not a news or blog article
            raise Rejected(f"not_article/{page_type.kind}", f"score {page_type.score}", url=item.url)
        threshold = self.config.page_type.threshold if self.config.page_type.enabled else None
        return to_article(item, found, threshold)

    async def _extract(self, item: Page) -> Extracted:
        assert self.pool is not None, "open_spider() starts the pool"
        content_type = item.headers.get("content-type")
        try:
            return await asyncio.wrap_future(self.pool.submit(item.body, item.url, content_type))
        except ExtractionFailed as exc:
            raise Rejected(f"extract/{exc.reason}", exc.detail, url=item.url) from exc
