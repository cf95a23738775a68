"""Is this page a news or blog article? `(PageSignals, main text) -> PageType`.

The page's markup signals (see `pagesignals.py`) and the shape of the main
text trafilatura found are turned into a few general features (declared
types, a publication time, price and cart marks, thread marks, repeated item
blocks, link density, the length and shape of the main text, the URL's shape).
A linear score over them says "article" or not; when not, the strongest
non-article signal names the kind (`listing`, `product`, `forum`, `docs`,
`page`). The weights were fitted by `scripts/fit_pagetype.py` on the tuning part
of the WCXB benchmark only; the held-back part measures them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from crawler.extraction.pagesignals import STORY_SECTIONS, PageSignals

# schema.org types that declare a story.
_STORY_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "ScholarlyArticle",
    "SocialMediaPosting", "Blog",
})
_PRODUCT_TYPES = frozenset({"Product", "Offer", "AggregateOffer", "ProductGroup", "IndividualProduct", "Car"})
_LISTING_TYPES = frozenset({"ItemList", "CollectionPage", "SearchResultsPage", "OfferCatalog", "ProfilePage"})
_THREAD_TYPES = frozenset({"QAPage", "DiscussionForumPosting", "Answer", "Question", "Comment"})
_DOCS_TYPES = frozenset({"TechArticle", "APIReference", "HowTo", "SoftwareSourceCode", "SoftwareApplication"})
_SERVICE_TYPES = frozenset({"Service", "LocalBusiness", "ProfessionalService", "FAQPage", "ContactPage",
                            "AboutPage", "Organization", "Corporation", "MedicalBusiness", "LegalService"})
_STORY_URL = frozenset({"blog", "blogs", "news", "article", "articles", "post", "posts", "story", "stories", "press",
                        *STORY_SECTIONS})
_SHOP_URL = frozenset({"product", "products", "shop", "store", "item", "p", "dp"})
_LIST_URL = frozenset({"category", "categories", "collections", "collection", "tag", "tags", "c"})
_THREAD_URL = frozenset({"forum", "forums", "thread", "threads", "topic", "topics", "t", "questions", "community",
                         "discussion"})
_DOCS_URL = frozenset({"docs", "doc", "documentation", "api", "reference", "guide", "manual", "help", "support",
                       "wiki"})
_SERVICE_URL = frozenset({"services", "service", "solutions", "about", "contact"})


@dataclass(frozen=True)
class PageType:
    """The decision: `kind` is "article" or the kind of non-article; `score` > 0 means article."""

    kind: str
    score: float

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


@dataclass(frozen=True)
class PageTypeConfig:
    """How pages are told apart; from the PAGETYPE_* settings."""

    enabled: bool = True
    threshold: float = 0.0  # the score from which a page is an article (lower keeps more pages)
    listed_prior: float = 1.0  # added to the score of a page its site lists as a story, unless it shows another kind


def _log(n: float) -> float:
    return math.log1p(max(n, 0.0))


def features(signals: PageSignals, text: str) -> dict[str, float]:
    """The features the decision weighs, by name (the names are the weights' keys)."""
    lines = [line for line in text.split("\n") if line.strip()]
    words = len(text.split())
    long_lines = [line for line in lines if len(line.split()) >= 25]
    types = signals.ld_types
    url = signals.url_words
    body = max(signals.body_words, 1)
    return {
        "ld_story": float(bool(types & _STORY_TYPES)),
        "ld_product": float(bool(types & _PRODUCT_TYPES)),
        "ld_listing": float(bool(types & _LISTING_TYPES)),
        "ld_thread": float(bool(types & _THREAD_TYPES)),
        "ld_docs": float(bool(types & _DOCS_TYPES)),
        "ld_service": float(bool(types & _SERVICE_TYPES)),
        "og_article": float(signals.og_type == "article"),
        "og_product": float(signals.og_type.startswith("product")),
        "og_website": float(signals.og_type == "website"),
        "published": float(signals.published_meta),
        "shop": _log(signals.shop_marks),
        "prices": _log(signals.price_texts),
        "thread": _log(signals.thread_marks),
        "docs": _log(signals.docs_marks),
        "story": _log(signals.story_marks),
        "comments": _log(signals.comment_marks),
        "code": _log(signals.code_blocks),
        "articles": _log(signals.articles),
        "repeated": _log(signals.repeated_items),
        "times": _log(signals.times),
        "forms": _log(signals.forms),
        "headings": _log(signals.headings),
        "link_density": signals.link_words / body,
        "main_share": min(words / body, 1.0),
        "words": _log(words),
        "long_lines": _log(len(long_lines)),
        "long_share": sum(len(line.split()) for line in long_lines) / max(words, 1),
        "title_words": _log(signals.title_words),
        "long_paragraphs": _log(signals.long_paragraphs),
        "paragraph_run": _log(signals.paragraph_run),
        "run_share": signals.paragraph_run / max(signals.long_paragraphs, 1),
        "list_items": _log(signals.list_items),
        "buttons": _log(signals.buttons),
        "years": _log(signals.year_mentions),
        "users": _log(signals.user_marks),
        "tels": _log(signals.tel_links),
        "url_date": float(signals.url_date),
        "url_story": float(bool(url & _STORY_URL)),
        "url_shop": float(bool(url & _SHOP_URL)),
        "url_list": float(bool(url & _LIST_URL)),
        "url_thread": float(bool(url & _THREAD_URL)),
        "url_docs": float(bool(url & _DOCS_URL)),
        "url_service": float(bool(url & _SERVICE_URL)),
        "url_section": float(signals.url_ends_in_section),
        "url_depth": _log(signals.url_depth),
        "slug_words": _log(signals.slug_words),
    }


# Fitted by scripts/fit_pagetype.py (C=0.1) on WCXB's tuning part (1,025 pages, 540 articles); raw-scale
# weights, the bias set so that 98% of the tuning articles score above 0 when scored by models fitted without them.
WEIGHTS: dict[str, float] = {
    "ld_story": 1.7204,
    "ld_product": -2.0383,
    "ld_listing": -0.1493,
    "ld_thread": -0.6869,
    "ld_docs": -0.5715,
    "ld_service": -0.6792,
    "og_article": 1.1175,
    "og_product": -1.3432,
    "og_website": 0.1818,
    "published": 0.3566,
    "shop": -0.2844,
    "prices": -0.1933,
    "thread": -0.0632,
    "docs": -0.0419,
    "story": 0.1683,
    "comments": 0.0420,
    "code": -0.4773,
    "articles": 0.1420,
    "repeated": 0.0120,
    "times": -0.0416,
    "forms": -0.1707,
    "headings": -0.0529,
    "link_density": -1.4049,
    "main_share": 1.6600,
    "words": -0.0093,
    "long_lines": -0.1392,
    "long_share": 0.8958,
    "title_words": 0.6665,
    "long_paragraphs": 0.1303,
    "paragraph_run": 0.5417,
    "run_share": 0.9885,
    "list_items": 0.1029,
    "buttons": -0.1106,
    "years": 0.2639,
    "users": -0.4132,
    "tels": 0.2921,
    "url_date": 2.0844,
    "url_story": 1.7154,
    "url_shop": -0.8462,
    "url_list": -1.0056,
    "url_thread": -1.5591,
    "url_docs": -3.3201,
    "url_service": -2.9918,
    "url_section": -1.1786,
    "url_depth": 0.3893,
    "slug_words": 0.9255,
}
BIAS = -3.9182


def score(found: dict[str, float]) -> float:
    """The linear score: above the threshold, an article."""
    return BIAS + sum(WEIGHTS.get(name, 0.0) * value for name, value in found.items())


def _kind(found: dict[str, float]) -> str:
    """The kind of a page refused as an article: its strongest non-article signal."""
    if found["ld_product"] or found["og_product"] or found["url_shop"] or (found["shop"] >= 1.5 and found["prices"]):
        return "product"
    if found["ld_thread"] or found["url_thread"] or found["thread"] >= 3.0:
        return "forum"
    if found["ld_docs"] or found["url_docs"] or found["code"] >= 1.0:
        return "docs"
    if found["ld_listing"] or found["url_list"] or found["url_section"] or found["repeated"] >= 2.0:
        return "listing"
    return "page"


def classify(signals: PageSignals, text: str, config: PageTypeConfig | None = None) -> PageType:
    """The page's type from its markup signals and its extracted main text."""
    config = config or PageTypeConfig()
    found = features(signals, text)
    value = score(found)
    return PageType("article" if value > config.threshold else _kind(found), round(value, 3))


def as_listed(found: PageType, config: PageTypeConfig | None = None) -> PageType:
    """The decision for a page its site lists as a story (a feed or sitemap entry): the publisher's word counts
    `config.listed_prior` for it, but never against a product's, a thread's, docs' or a listing's own signs (a
    hub listed in a sitemap stays refused): only a page refused as a plain `page` may turn article."""
    config = config or PageTypeConfig()
    if found.is_article or found.kind != "page" or found.score + config.listed_prior <= config.threshold:
        return found
    return PageType("article", found.score)
