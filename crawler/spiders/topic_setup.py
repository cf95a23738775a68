"""The `topic` spider's configuration: its discovery settings, its `-a urls=` argument and the profile's budgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from crawler.discovery.linkmerit import MeritConfig

if TYPE_CHECKING:
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
    )


def merit_config(s: BaseSettings) -> MeritConfig:
    return MeritConfig(
        min_shape_articles=s.getint("LINKS_MIN_SHAPE_ARTICLES", 3),
        min_anchor_words=s.getint("LINKS_MIN_ANCHOR_WORDS", 3),
        min_failures=s.getint("LINKS_MIN_FAILURES", 3),
        max_failure_share=s.getfloat("LINKS_MAX_FAILURE_SHARE", 0.5),
        hub_depth=s.getint("LINKS_HUB_DEPTH", 1),
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
