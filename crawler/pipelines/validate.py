"""Stage 200: `Article -> Article | DropItem("invalid/<reason>")`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.drops import Rejected
from crawler.items import Article
from crawler.text.words import count_words

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


@dataclass(frozen=True)
class ValidateConfig:
    """What an article must have; from the VALIDATE_* settings."""

    min_words: int = 60
    require_title: bool = True


class ValidatePipeline:
    """Drops extracted texts too short to be articles, or without a title."""

    def __init__(self, config: ValidateConfig) -> None:
        self.config = config

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        s = crawler.settings
        return cls(ValidateConfig(s.getint("VALIDATE_MIN_WORDS"), s.getbool("VALIDATE_REQUIRE_TITLE")))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        words = count_words(item.text)
        if words < self.config.min_words:
            raise Rejected("invalid/too_short", f"{words} words < {self.config.min_words}", url=item.url)
        if self.config.require_title and not (item.title or "").strip():
            raise Rejected("invalid/no_title", url=item.url)
        return item
