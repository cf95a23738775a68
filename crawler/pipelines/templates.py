"""Stage 150: `Article -> Article` without its host's learned template lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.dedup.urlkeys import url_key
from crawler.extraction.templates import TemplateConfig, strip_template_lines
from crawler.items import Article
from crawler.pipelines.config import output_path
from crawler.store.templates import SQLiteTemplateStore, TemplateStore
from crawler.text.words import count_words

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class TemplatePipeline:
    """Learns each host's recurring lines across pages and runs, and removes them from its articles."""

    def __init__(self, config: TemplateConfig, path: Path, stats: StatsCollector) -> None:
        self.config = config
        self.path = path
        self.stats = stats
        self.store: TemplateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TemplatePipeline:
        from scrapy.exceptions import NotConfigured

        s = crawler.settings
        if not s.getbool("TEMPLATES_ENABLED"):
            raise NotConfigured("TEMPLATES_ENABLED is off")
        config = TemplateConfig(
            min_pages=s.getint("TEMPLATES_MIN_PAGES"),
            min_share=s.getfloat("TEMPLATES_MIN_SHARE"),
            max_line_words=s.getint("TEMPLATES_MAX_LINE_WORDS"),
        )
        assert crawler.stats is not None
        return cls(config, output_path(s, "STORE_SQLITE_PATH"), crawler.stats)

    def open_spider(self) -> None:
        self.store = SQLiteTemplateStore(self.path)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.store is not None
        # One page is one URL key (its AMP, print and session variants fold onto it), on one host and port.
        page = url_key(item.canonical_url)
        host = page.split("/", 1)[0]
        found = strip_template_lines(item.text, host, page, self.store, self.config)
        if found.removed:
            self.stats.inc_value("templates/lines_removed", found.removed)
            item.text = found.text
            item.word_count = count_words(found.text)
            item.boilerplate_removed += found.removed
        return item
