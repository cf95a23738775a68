"""Stage 150: `Article -> Article` without its host's learned template lines.

Every HTML page the crawl reads (hubs, section pages, articles kept or not)
teaches the host's template through the `TEMPLATE_BLOCKS` signal: an article
candidate's blocks come from the extraction worker's parse of it, a hub's from
the spider's; nothing is parsed here.
An article of a host with fewer than `min_pages` pages seen waits (at most
`wait` seconds, and only while more of its site is pending or being downloaded) so that its
host's chrome is known before its first article is written; articles leave the
stage in the order they entered it. The article keeps
the hash of its text as extracted (`content_hash`), so a template learnt later
never makes an unchanged page a new version.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crawler.config import template_config
from crawler.dedup.fingerprints import content_hash
from crawler.dedup.urlkeys import url_key
from crawler.discovery.urls import host_key
from crawler.extraction.decoding import decode_html
from crawler.extraction.templates import (
    TEMPLATE_BLOCKS,
    Block,
    TemplateConfig,
    learn_page,
    page_blocks,
    strip_template,
    template_of,
)
from crawler.items import Article
from crawler.scheduling.enginestate import stages_full
from crawler.scheduling.turns import Turns
from crawler.state import CrawlState
from crawler.store.templates import TemplateStore
from crawler.text.words import count_words

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

_POLL_SECONDS = 0.2


def host_and_page(url: str) -> tuple[str, str]:
    """One page is one URL key (its AMP, print and session variants fold onto it), on one host and port."""
    page = url_key(url)
    return page.split("/", 1)[0], page


class TemplatePipeline:
    """Learns each host's recurring blocks across pages and runs, and removes them from its articles."""

    def __init__(
        self, config: TemplateConfig, state: CrawlState, stats: StatsCollector, wait: float = 0.0, max_bytes: int = 2**21
    ) -> None:
        self.config = config
        self.state = state
        self.stats = stats
        self.wait = wait
        self.max_bytes = max_bytes
        self.store: TemplateStore | None = None
        self.crawler: Crawler | None = None
        self.max_in_stages = 0  # FRONTIER_MAX_IN_STAGES: the scheduler hands out nothing while the stages hold this many
        self._turns = Turns()  # articles in this stage, in arrival order: they leave so

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TemplatePipeline:
        from scrapy.exceptions import NotConfigured

        s = crawler.settings
        if not s.getbool("TEMPLATES_ENABLED"):
            raise NotConfigured("TEMPLATES_ENABLED is off")
        config = template_config(s)
        assert crawler.stats is not None
        pipeline = cls(config, CrawlState.of(crawler), crawler.stats,
                       s.getfloat("TEMPLATES_WAIT_SECONDS", 0.0), s.getint("TEMPLATES_MAX_PAGE_BYTES", 2**21))
        pipeline.crawler = crawler
        pipeline.max_in_stages = s.getint("FRONTIER_MAX_IN_STAGES", 0)
        crawler.signals.connect(pipeline.learn_blocks, signal=TEMPLATE_BLOCKS)
        return pipeline

    def open_spider(self) -> None:
        with self.state.guard():  # an unwritable state stops the crawl (one line); articles then pass untouched
            self.store = self.state.templates

    def close_spider(self) -> None:
        self.store = None  # the crawl state's owner closes the connection

    def learn_blocks(self, url: str, blocks: Sequence[Block]) -> None:
        """Signal handler (TEMPLATE_BLOCKS): record one page's blocks, read elsewhere, for its host."""
        if self.store is None:
            return
        host, page = host_and_page(url)
        with self.state.guard():
            learn_page(host, page, list(blocks), self.store)
        self.stats.inc_value("templates/pages_learned")

    def learn(self, url: str, body: bytes, content_type: str | None = None) -> None:
        """Parse one HTML page and record its blocks (what the crawl's workers and spider do on their own parse)."""
        from trafilatura.utils import load_html  # not imported by the crawl, which never calls this

        if len(body) > self.max_bytes:
            return
        tree = load_html(decode_html(body, content_type).text)
        if tree is not None:
            self.learn_blocks(url, page_blocks(tree, self.config))

    def _more_to_come(self, origin: str) -> bool:
        """Whether more pages of the article's site may still come: one of its URLs pending in the frontier or
        being downloaded, and room to take them.

        Waiting for a site with nothing more queued teaches nothing (a host of one or two pages never reaches
        `min_pages`; measured: 470 of 504 articles waited the full TEMPLATES_WAIT_SECONDS on a replica of 400
        sites, and the crawl took 13x the stock spider's time). Items in the stages hold their responses in
        Scrapy's scraper slot; once it is full (SCRAPER_SLOT_MAX_ACTIVE_SIZE bytes, or FRONTIER_MAX_IN_STAGES
        responses) nothing more is fetched until items leave, so waiting on would only stall the whole crawl.
        """
        if self.crawler is None or self.crawler._engine is None or self.store is None:  # not crawling (a test)
            return False
        engine = self.crawler.engine
        if engine.scheduler is None or stages_full(self.crawler, self.max_in_stages):
            return False
        if any(host_key(request.url) == origin for request in engine.downloader.active):
            return True
        with self.state.guard():
            return self.state.frontier.pending_on(origin)

    async def _await_template(self, host: str, origin: str) -> None:
        """Wait, bounded, until the host has enough pages seen for its template to be known."""
        assert self.store is not None
        deadline = time.monotonic() + self.wait
        if self.store.host_pages(host) >= self.config.min_pages:
            return
        self.stats.inc_value("templates/waited")
        while time.monotonic() < deadline and self._more_to_come(origin):
            await asyncio.sleep(_POLL_SECONDS)
            if self.store is None or self.store.host_pages(host) >= self.config.min_pages:
                return

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if self.store is None:
            return item
        host, page = host_and_page(item.url)
        if self.wait > 0:  # articles leave in the order they came (dedup's "first seen" stays the crawl's)
            async with self._turns.taken(None) as turn:
                await self._await_template(host, host_key(item.url))
                await self._turns.wait(None, turn)  # every article that came earlier has left
        if self.store is None:  # the crawl closed while the article waited
            return item
        with self.state.guard():
            template, _own = template_of(host, page, self.store, self.config)
        if self.state.failed:
            return item
        item.content_hash = content_hash(item.text)  # as extracted: what tells an unchanged page
        found = strip_template(item.text, template)
        if found.removed:
            self.stats.inc_value("templates/lines_removed", found.removed)
            item.text = found.text
            item.word_count = count_words(found.text)
            item.boilerplate_removed += found.removed
        return item
