"""Is this page a news or blog article? `(PageSignals, main text) -> PageType`.

The page's markup signals (see `pagesignals.py`) and the shape of the main
text trafilatura found are turned into a few general features (declared
types, a publication time, price and cart marks, thread marks, repeated item
blocks, link density, the length and shape of the main text, the URL's shape).
One linear score per kind of non-article (`listing`, `product`, `forum`, `docs`,
`page`), the article's score minus that kind's in one model fitted on all of
them, says whether the page is an article rather than that kind: a page is an article when it beats every
kind, and a refused page is named by the kind it loses to most. The weights were
fitted by `scripts/fit_pagetype.py` on the tuning part of the WCXB benchmark
only (in `pagetype_weights.py`); the held-back part measures them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from crawler.extraction.pagesignals import PageSignals
from crawler.extraction.pagetype_weights import BIAS, WEIGHTS
from crawler.extraction.pageurl import STORY_SECTIONS

# schema.org types that declare a story.
_STORY_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting", "ScholarlyArticle",
    "SocialMediaPosting", "Blog",
})
# ...of them, those an article page declares of itself (a blog's home page is a `Blog`).
_DECLARED_TYPES = _STORY_TYPES - {"Blog"}
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
# The kind of non-article each WCXB page type is fitted as (a shop's category grid is a listing).
KIND_OF = {"collection": "listing", "listing": "listing", "product": "product", "forum": "forum",
           "documentation": "docs", "service": "page"}


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
    shape = signals.url
    url = shape.words
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
        "linked_headings": signals.linked_headings / max(signals.subheadings, 1),
        "anchored_headings": signals.anchored_headings / max(signals.subheadings, 1),
        "words_per_heading": _log(words / (signals.headings + 1)),
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
        "url_date": float(shape.date),
        "url_story": float(bool(url & _STORY_URL)),
        "url_shop": float(bool(url & _SHOP_URL)),
        "url_list": float(bool(url & _LIST_URL)),
        "url_thread": float(bool(url & _THREAD_URL)),
        "url_docs": float(bool(url & _DOCS_URL)),
        "url_service": float(bool(url & _SERVICE_URL)),
        "url_section": float(shape.ends_in_section),
        "url_depth": _log(shape.depth),
        "slug_words": _log(shape.slug_words),
        "url_empty": float(shape.depth == 0),
        "url_hyphens": float(shape.hyphens),
        "url_slug_digits": float(shape.slug_digits),
    }


def kind_scores(found: dict[str, float]) -> dict[str, float]:
    """Each kind's linear score: above 0, the page is an article rather than that kind."""
    return {kind: BIAS[kind] + sum(weights.get(name, 0.0) * value for name, value in found.items())
            for kind, weights in WEIGHTS.items()}


def classify(signals: PageSignals, text: str, config: PageTypeConfig | None = None) -> PageType:
    """The page's type from its markup signals and its extracted main text."""
    config = config or PageTypeConfig()
    by_kind = kind_scores(features(signals, text))
    kind = min(by_kind, key=by_kind.__getitem__)
    value = by_kind[kind]
    return PageType("article" if value > config.threshold else kind, round(value, 3))


def declares_article(signals: PageSignals) -> bool:
    """The page says it is an article: og:type article, or a schema.org story type (JSON-LD, microdata)."""
    return signals.og_type == "article" or bool(signals.ld_types & _DECLARED_TYPES)


def as_listed(found: PageType, config: PageTypeConfig | None = None, declared: bool = False) -> PageType:
    """The decision for a page its site lists as a story (a feed or sitemap entry): the publisher's word counts
    `config.listed_prior` for it, but never against a product's, a thread's, docs' or a listing's own signs (a
    hub listed in a sitemap stays refused): only a page refused as a plain `page` may turn article. A page that
    also `declared` itself an article (og:type, a schema.org story type: `declares_article`) is one whatever the
    kind it was refused as: two statements of its publisher agree, against the shape of one page."""
    config = config or PageTypeConfig()
    if found.is_article or found.score + config.listed_prior <= config.threshold:
        return found
    if found.kind != "page" and not declared:
        return found
    return PageType("article", found.score)
