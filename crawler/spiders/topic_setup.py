"""The `topic` spider's configuration: its discovery settings, its `-a urls=` argument and the profile's budgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crawler.config import template_config, topic_fits
from crawler.discovery.linkmerit import MeritConfig
from crawler.discovery.urls import canonicalize_url
from crawler.extraction.templates import TEMPLATE_BLOCKS, TemplateConfig, page_blocks
from crawler.items import Page
from crawler.relevance.priority import LinkScorer, PriorityConfig

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings, Settings

    from crawler.relevance.profile import Profile


@dataclass(frozen=True)
class DiscoveryConfig:
    """How far discovery goes; built once from the TOPIC_* and DOWNLOAD_MAXSIZE settings."""

    follow_links: bool = True
    robots_sitemaps: bool = True
    query_feeds: bool = True
    requeue_margin: int = 25
    max_sitemap_entries: int = 50000
    max_sitemap_bytes: int = 16 * 1024 * 1024
    max_parse_bytes: int = 1024 * 1024
    min_link_relevance: float = 0.5
    max_page_tags: int = 50_000  # a page with more is not parsed for links (its article, if listed, still goes on)
    templates: TemplateConfig | None = None  # hub pages teach their host's template (None: TEMPLATES_ENABLED off)


def discovery_config(s: BaseSettings) -> DiscoveryConfig:
    return DiscoveryConfig(
        follow_links=s.getbool("TOPIC_FOLLOW_LINKS"),
        robots_sitemaps=s.getbool("TOPIC_ROBOTS_SITEMAPS"),
        query_feeds=s.getbool("TOPIC_QUERY_FEEDS", True),
        requeue_margin=s.getint("TOPIC_REQUEUE_MARGIN", 25),
        max_sitemap_entries=s.getint("TOPIC_MAX_SITEMAP_ENTRIES"),
        max_sitemap_bytes=s.getint("DOWNLOAD_MAXSIZE"),
        max_parse_bytes=s.getint("TOPIC_MAX_PARSE_BYTES", 1024 * 1024),
        min_link_relevance=s.getfloat("LINKS_MIN_RELEVANCE", 0.5),
        max_page_tags=s.getint("TOPIC_MAX_PAGE_TAGS", 50_000),
        templates=template_config(s) if s.getbool("TEMPLATES_ENABLED") else None,
    )


def teach_template(crawler: Crawler, root: Any, url: str, config: TemplateConfig | None) -> None:
    """A hub page's blocks, from the tree the spider already parsed, to the template stage (articles': from workers)."""
    if config is not None and root is not None:
        crawler.signals.send_catch_log(TEMPLATE_BLOCKS, url=url, blocks=page_blocks(root, config))


def merit_config(s: BaseSettings) -> MeritConfig:
    return MeritConfig(
        min_shape_articles=s.getint("LINKS_MIN_SHAPE_ARTICLES", 3),
        min_anchor_words=s.getint("LINKS_MIN_ANCHOR_WORDS", 3),
        min_failures=s.getint("LINKS_MIN_FAILURES", 3),
        max_failure_share=s.getfloat("LINKS_MAX_FAILURE_SHARE", 0.5),
        hub_depth=s.getint("LINKS_HUB_DEPTH", 1),
        feeds_per_host=s.getint("LINKS_FEEDS_PER_HOST", 3),
    )


def split_urls(urls: str) -> list[str]:
    """The `-a urls=` argument: comma-separated absolute http(s) URLs; anything else is an error."""
    found = [u.strip() for u in urls.split(",") if u.strip()]
    bad = [u for u in found if not u.lower().startswith(("http://", "https://"))]
    if bad or not found:
        raise ValueError(f"urls= needs comma-separated http(s) URLs, got {urls!r}")
    return found


def apply_profile_budgets(settings: Settings, profile: Profile, profile_path: str | None) -> None:
    """The profile's file and budgets become settings at "spider" priority: `-s` on the command line still wins."""
    if settings.frozen:  # a crawler built for tests: its settings are final
        return
    if profile_path:
        settings.set("TOPIC_PROFILE", profile_path, priority="spider")  # the relevance stage reads the same file
    if profile.budgets.depth:
        settings.set("DEPTH_LIMIT", profile.budgets.depth, priority="spider")
    if profile.budgets.pages_per_host:
        settings.set("TOPIC_PAGES_PER_HOST", profile.budgets.pages_per_host, priority="spider")


def page_item(response: Response, source: str, hints: dict[str, Any]) -> Page:
    """The `Page` item of an article candidate's response."""
    headers = {k.decode("latin-1").lower(): v[0].decode("latin-1") for k, v in response.headers.items() if v}
    first_url = (response.meta.get("redirect_urls") or [response.url])[0]
    return Page(
        url=canonicalize_url(response.url),
        body=response.body,
        headers=headers,
        fetched_at=response.meta.get("warc_date") or datetime.now(UTC).isoformat(timespec="seconds"),
        status=response.status,
        request_url=first_url,
        source=source,
        hints={k: v for k, v in hints.items() if v},
        warc_file=response.meta.get("warc_file", ""), warc_record_id=response.meta.get("warc_record_id", ""),
        tdm_robots=response.meta.get("tdm_robots"),  # these three: set by the WARC and TDM middlewares
    )


def depth_after(response: Response) -> int:
    """Hops from a seed of the requests found on this response."""
    return (int(response.request.meta.get("depth", 0)) if response.request is not None else 0) + 1


def link_scorer(profile: Profile, priority: PriorityConfig, crawler: Crawler | None) -> LinkScorer:
    """The spider's link scorer, its topic model the crawl's one fit (`topic_fits`): build it once the extensions are
    there (at the crawl's start, not in `from_crawler`), so the relevance stage's fit serves the frontier too."""
    return LinkScorer(profile, priority, fits=topic_fits(crawler))
