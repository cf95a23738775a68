"""Stage 200: `Article -> Article | DropItem("invalid/<reason>")`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.drops import Rejected
from crawler.extraction.wordfloor import BriefSigns, WordFloor, word_floor
from crawler.items import Article
from crawler.text.words import count_words

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


@dataclass(frozen=True)
class ValidateConfig:
    """What an article must have; from the VALIDATE_* settings. How many words: `floor` (a brief its page
    declares whole may have fewer, see crawler/extraction/wordfloor.py)."""

    floor: WordFloor = WordFloor()
    require_title: bool = True


class ValidatePipeline:
    """Drops extracted texts too short to be articles (a declared brief may be shorter), or without a title."""

    def __init__(self, config: ValidateConfig) -> None:
        self.config = config

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        s = crawler.settings
        least = s.getint("VALIDATE_MIN_WORDS")
        floor = WordFloor(least, s.getint("VALIDATE_BRIEF_MIN_WORDS", least), s.getfloat("VALIDATE_BRIEF_MIN_SCORE", 1.0))
        return cls(ValidateConfig(floor, s.getbool("VALIDATE_REQUIRE_TITLE")))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        words = count_words(item.text)
        least = word_floor(self.config.floor, BriefSigns(item.declared_article, item.page_type_margin, item.quality_flags))
        if words < least:
            raise Rejected("invalid/too_short", f"{words} words < {least}", url=item.url)
        if self.config.require_title and not (item.title or "").strip():
            raise Rejected("invalid/no_title", url=item.url)
        return item
