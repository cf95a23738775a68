"""Stage 300: `Article -> Article (+topic_score, topic_matches, topic_model_score) | DropItem("offtopic[/too_old|/too_new]")`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.config import topic_fits
from crawler.drops import Rejected
from crawler.items import Article
from crawler.relevance.judge import TopicJudge
from crawler.relevance.model import ModelFits
from crawler.relevance.profile import Profile, load_profile
from crawler.relevance.window import DateWindow

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class RelevancePipeline:
    """Drops articles published outside the profile's date window, then judges title and text against the profile.

    The judgement (`relevance.judge`) is the profile's rules, and for the uncertain middle its topic model,
    which learns from this stage's confident decisions as the crawl goes.
    """

    def __init__(
        self,
        profile: Profile,
        window: DateWindow | None = None,
        stats: StatsCollector | None = None,
        fits: ModelFits | None = None,
    ) -> None:
        self.profile = profile
        self.window = profile.window if window is None else window
        self.judge = TopicJudge(profile, fits=fits)  # its model, the frontier's fit: it learns into a new one
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        profile = load_profile(crawler.settings.get("TOPIC_PROFILE"))
        window = profile.window.with_since(crawler.settings.get("TOPIC_SINCE") or "")
        return cls(profile, window, crawler.stats, topic_fits(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        outside = self.window.verdict(item.published)
        if outside:
            bound = f"since {self.window.since}" if outside == "too_old" else f"until {self.window.until}"
            raise Rejected(f"offtopic/{outside}", f"published {item.published}, window {bound}", url=item.url)
        judgement = self.judge.judge(item.title, item.text)
        verdict = judgement.verdict
        item.topic_score = verdict.score
        item.topic_matches = list(verdict.matches)
        item.topic_model_score = judgement.model_score
        if self.stats is not None:
            self.stats.inc_value(f"relevance/band/{judgement.band}")
        if not judgement.relevant:
            raise Rejected(
                "offtopic", judgement.why(), url=item.url, topic_score=verdict.score, topic_matches=item.topic_matches,
                topic_model_score=judgement.model_score,
            )  # fmt: skip
        return item
