"""Best-first frontier: how promising a link is for the topic, as a Scrapy request priority.

Pure: strings and the profile in, an int out (higher is fetched sooner). The
priority of a link is

    link_weight x relevance(anchor text + the URL's words + the title a feed or news sitemap gives it)
  + page_weight x relevance(the page it was found on: its title and main text, chrome left out)
  - offtopic_penalty   when that page is an article that misses a required group of the profile
  - depth_penalty x depth
  + hub_links        for a link of a hub (a page that is not an article: home, section)
  - article_links    for a link of an article (found later than the listings and hubs of its site)

where the two page terms count only for a link in the page's content (its text or
a "related" box), not for one found only in its chrome (menus, footer, "most
read", promos), which is the same on every page of a site;
relevance(...) in [0, 1] is the profile's own article score on that text
read as a title (`scoring.relevance`): the share of `min_score` reached times the
share of required groups matched. A feed, sitemap or query-feed entry has no
page: `listed` takes the place of the page term. Seeds, robots.txt, sitemaps
and feeds themselves get `structure`, above any link. With `best_first` off,
every request gets 0 (a breadth-first crawl then comes from DEPTH_PRIORITY).

With a profile that has a topic model (its `examples`), links and pages are read
with the relevance stage's judgement (`judge.TopicJudge`): a text's relevance is
raised by the model's confidence (`TopicJudge.relevance`), so a link whose
anchor says the topic in words the profile does not list still ranks high, and
an article page is off-topic when the judgement drops it.

Link texts are also read with what this crawl has judged (`apprentice`): each
article page read for its links is judged, and a confident judgement teaches a
headline model the page's title; a link text of a few words is then as relevant
as that model's confidence beyond 0.5, when that is more than the rules say. So
links written like the crawl's on-topic headlines rise once a few of them are
read, with or without profile examples (`PriorityConfig.learn_links`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

from crawler.relevance.apprentice import HeadlineApprentice
from crawler.relevance.judge import ABOVE, BELOW, TopicJudge
from crawler.relevance.model import ModelFits
from crawler.relevance.pagetext import PageText, page_text, page_text_of
from crawler.relevance.profile import Profile
from crawler.relevance.scoring import TopicScore, entity_mask, relevance, score_article

_URL_SPLIT = re.compile(r"[^\w]+|_")
_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class PriorityConfig:
    """The weights of the priority formula; built once from the TOPIC_* settings."""

    best_first: bool = True
    structure: int = 1000
    link_weight: float = 100.0
    page_weight: float = 50.0
    listed: float = 20.0
    offtopic_penalty: float = 40.0
    depth_penalty: float = 2.0
    hub_links: float = 10.0
    article_links: float = 20.0
    learn_links: bool = True  # read link texts with a headline model learnt from the pages judged (`apprentice`)


@dataclass(frozen=True)
class PageSignal:
    """What a fetched page says about the links found on it."""

    relevance: float  # in [0, 1]
    offtopic: bool  # an article page that misses a required group
    chrome_links: frozenset[str] = frozenset()  # links found only in the page's chrome: the page term skips them
    article: bool | None = None  # the page is an article (True), a hub (False), or unknown (None)


NEUTRAL_PAGE = PageSignal(0.0, False)


def url_words(url: str) -> str:
    """The words of a URL's path and query: '/2019/04/huawei-p30-review.html' -> '2019 04 huawei p30 review html'."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    words = _URL_SPLIT.split(unquote(f"{parts.path} {parts.query}"))
    return " ".join(w for w in words if w)


def text_relevance(title: str, text: str, profile: Profile) -> float:
    """The profile's score of a title and text, as a number in [0, 1]."""
    return relevance(score_article(title, text, profile), profile)


def page_signal(html: str, url: str, is_article: bool, profile: Profile, judge: TopicJudge | None = None) -> PageSignal:
    """Score a fetched page on its title and main text (never its navigation or sidebars)."""
    page = page_text(html, url)
    if judge is not None and judge.model is not None:
        judged, rel = judge.page(page.title, page.text)
        return PageSignal(rel, is_article and not judged.relevant, page.chrome_links, is_article)
    verdict = score_article(page.title, page.text, profile)
    return PageSignal(relevance(verdict, profile), is_article and bool(verdict.missing_groups), page.chrome_links, is_article)


def tree_signal(
    root: etree._Element, url: str, is_article: bool, profile: Profile, judge: TopicJudge | None = None
) -> PageSignal:
    """`page_signal` of a parsed page (whose chrome it drops from the tree: read it last)."""
    return _read(page_text_of(root, url), is_article, profile, judge)[0]


def _read(page: PageText, is_article: bool, profile: Profile, judge: TopicJudge | None) -> tuple[PageSignal, TopicScore]:
    """The page's signal and the rules' verdict on it, from one scoring of its text."""
    if judge is not None and judge.model is not None:
        judged, rel = judge.page(page.title, page.text)
        return PageSignal(rel, is_article and not judged.relevant, page.chrome_links, is_article), judged.verdict
    verdict = score_article(page.title, page.text, profile)
    signal = PageSignal(relevance(verdict, profile), is_article and bool(verdict.missing_groups), page.chrome_links, is_article)
    return signal, verdict


def link_priority(link_relevance: float, page: PageSignal | None, depth: int, config: PriorityConfig) -> int:
    """The formula of this module's docstring; `page` None for an entry of a feed, sitemap or query feed.

    A link in the page's chrome only takes `NEUTRAL_PAGE` as its page: pass it so.
    """
    if not config.best_first:
        return 0
    value = config.link_weight * link_relevance - config.depth_penalty * depth
    if page is None:
        value += config.listed
    else:
        value += config.page_weight * page.relevance - (config.offtopic_penalty if page.offtopic else 0.0)
        if page.article is not None:
            value += -config.article_links if page.article else config.hub_links
    return round(value)


class LinkScorer:
    """Scores links against one profile, remembering the scores of link texts already seen (menus repeat)."""

    def __init__(
        self, profile: Profile, config: PriorityConfig, judge: TopicJudge | None = None, fits: ModelFits | None = None
    ) -> None:
        self.profile = profile
        self.config = config
        wanted = profile.examples and config.best_first
        self.judge = judge if judge is not None else (TopicJudge(profile, fits=fits) if wanted else None)
        self._critic = self.judge or TopicJudge(profile, examples=())  # bands a page's verdict for the apprentice
        self.apprentice = HeadlineApprentice(profile.examples, entity_mask(profile)) if config.learn_links else None
        self._seen: dict[str, float] = {}
        self._version = 0

    def structure(self) -> int:
        """Seeds, robots.txt, sitemaps, feeds and query feeds: before any link."""
        return self.config.structure if self.config.best_first else 0

    def relevance(self, url: str, anchor: str = "", title: str = "") -> float:
        """Relevance in [0, 1] of what is known of a link before fetching it."""
        text = " | ".join(t for t in (anchor, title, url_words(url)) if t)
        apprentice = self.apprentice
        if apprentice is not None and apprentice.version != self._version:  # refitted: what it said before is stale
            self._seen.clear()
            self._version = apprentice.version
        if text not in self._seen:
            if len(self._seen) >= _CACHE_SIZE:
                self._seen.clear()
            judge = self.judge
            rules = judge.relevance(text, "") if judge is not None else text_relevance(text, "", self.profile)
            learnt = apprentice.probability(text) if apprentice is not None else None
            self._seen[text] = rules if learnt is None else max(rules, round(max(0.0, 2.0 * (learnt - 0.5)), 4))
        return self._seen[text]

    def page(self, html: str, url: str, is_article: bool) -> PageSignal:
        """The signal of a fetched page for its links (not computed when priorities are flat)."""
        return page_signal(html, url, is_article, self.profile, self.judge) if self.config.best_first else NEUTRAL_PAGE

    def page_of(self, root: etree._Element, url: str, is_article: bool) -> PageSignal:
        """`page` of a parsed page; drops the page's chrome from the tree (read it last)."""
        if not self.config.best_first:
            return NEUTRAL_PAGE
        if not self.selective:  # every text scores 1 (a keep-all profile): nothing to read
            return PageSignal(1.0, False, article=is_article)
        page = page_text_of(root, url)
        signal, verdict = _read(page, is_article, self.profile, self.judge)
        if is_article and self.apprentice is not None:
            band = self._critic.band(verdict)
            if band in (ABOVE, BELOW):
                self.apprentice.learn(page.title, band == ABOVE)
        return signal

    @property
    def selective(self) -> bool:
        """Whether the profile tells pages apart (a keep-all profile scores everything 1)."""
        return self.profile.min_score > 0 or any(g.required for g in self.profile.groups)

    def link(self, url: str, anchor: str, page: PageSignal, depth: int) -> int:
        """Priority of a link found on an HTML page."""
        if not self.config.best_first:
            return 0
        context = PageSignal(0.0, False, article=page.article) if url in page.chrome_links else page
        return link_priority(self.relevance(url, anchor), context, depth, self.config)

    def listed(self, url: str, title: str | None, depth: int) -> int:
        """Priority of an entry of a feed, sitemap or query feed."""
        if not self.config.best_first:
            return 0
        return link_priority(self.relevance(url, title=title or ""), None, depth, self.config)
