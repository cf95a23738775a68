"""Stage 300: `Article -> Article (+topic_score, topic_matches) | DropItem("offtopic")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.items import Article
from crawler.pipelines.drops import Rejected
from crawler.relevance.profile import Profile, load_profile
from crawler.relevance.scoring import score_article

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RelevancePipeline:
    """Scores each article's title and text against the crawl's topic profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(load_profile(crawler.settings.get("TOPIC_PROFILE")))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        verdict = score_article(item.title, item.text, self.profile)
        item.topic_score = verdict.score
        item.topic_matches = list(verdict.matches)
        if not verdict.relevant:
            why = f"missing {', '.join(verdict.missing_groups)}" if verdict.missing_groups else "score"
            raise Rejected(
                "offtopic", f"{why} (score {verdict.score})", url=item.url, topic_score=verdict.score,
                topic_matches=item.topic_matches,
            )
        return item
