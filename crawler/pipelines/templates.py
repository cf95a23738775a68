"""Stage 150: `Article -> Article` without its host's learned template lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.config import template_config
from crawler.dedup.urlkeys import url_key
from crawler.extraction.templates import TemplateConfig, strip_template_lines
from crawler.items import Article
from crawler.state import CrawlState
from crawler.store.templates import TemplateStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class TemplatePipeline:
    """Learns each host's recurring lines across pages and runs, and removes them from its articles."""

    def __init__(self, config: TemplateConfig, state: CrawlState, stats: StatsCollector) -> None:
        self.config = config
        self.state = state
        self.stats = stats
        self.store: TemplateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TemplatePipeline:
        from scrapy.exceptions import NotConfigured

        s = crawler.settings
        if not s.getbool("TEMPLATES_ENABLED"):
            raise NotConfigured("TEMPLATES_ENABLED is off")
        config = template_config(s)
        assert crawler.stats is not None
        return cls(config, CrawlState.of(crawler), crawler.stats)

    def open_spider(self) -> None:
        with self.state.guard():  # an unwritable state stops the crawl (one line); articles then pass untouched
            self.store = self.state.templates

    def close_spider(self) -> None:
        self.store = None  # the crawl state's owner closes the connection

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if self.store is None:
            return item
        # One page is one URL key (its AMP, print and session variants fold onto it), on one host and port.
        page = url_key(item.canonical_url)
        host = page.split("/", 1)[0]
        with self.state.guard():
            found = strip_template_lines(item.text, host, page, self.store, self.config)
        if self.state.failed:
            return item
        if found.removed:
            self.stats.inc_value("templates/lines_removed", found.removed)
            item.text = found.text
            item.word_count = len(found.text.split())
            item.boilerplate_removed += found.removed
        return item
