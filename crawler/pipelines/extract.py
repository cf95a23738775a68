"""Stage 100: `Page -> Article | DropItem("extract/<reason>")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page
from crawler.items import Article, Page
from crawler.pipelines.config import extract_config
from crawler.pipelines.drops import Rejected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class ExtractPipeline:
    """Extracts the article of a fetched page; other items pass through untouched."""

    def __init__(self, config: ExtractConfig) -> None:
        self.config = config

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(extract_config(crawler.settings))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        try:
            found = extract_page(item.body, item.url, item.headers.get("content-type"), self.config)
        except ExtractionFailed as exc:
            raise Rejected(f"extract/{exc.reason}", exc.detail, url=item.url) from exc
        return Article(
            url=item.url,
            canonical_url=found.canonical_url,
            title=found.title or item.hints.get("title"),
            text=found.text,
            language=found.language,
            published=found.published or item.hints.get("published"),
            authors=list(found.authors),
            sitename=found.sitename,
            fetched_at=item.fetched_at,
            source=item.source,
            word_count=len(found.text.split()),
            boilerplate_removed=found.boilerplate_removed,
        )
