"""Stage 300: `Article -> Article (+topic_score, topic_matches) | DropItem("offtopic[/too_old|/too_new]")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.drops import Rejected
from crawler.items import Article
from crawler.relevance.profile import Profile, load_profile
from crawler.relevance.scoring import score_article
from crawler.relevance.window import DateWindow

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RelevancePipeline:
    """Drops articles published outside the profile's date window, then scores title and text against the profile."""

    def __init__(self, profile: Profile, window: DateWindow | None = None) -> None:
        self.profile = profile
        self.window = profile.window if window is None else window

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        profile = load_profile(crawler.settings.get("TOPIC_PROFILE"))
        return cls(profile, profile.window.with_since(crawler.settings.get("TOPIC_SINCE") or ""))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        outside = self.window.verdict(item.published)
        if outside:
            bound = f"since {self.window.since}" if outside == "too_old" else f"until {self.window.until}"
            raise Rejected(f"offtopic/{outside}", f"published {item.published}, window {bound}", url=item.url)
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
