"""The `topic` spider: from a profile's seeds to article pages, through feeds, sitemaps and links.

    scrapy crawl topic                          # the built-in default profile
    scrapy crawl topic -a profile=my.toml       # a user's profile
    scrapy crawl topic -a urls=URL[,URL...]     # these start points instead of the seeds;
                                                # the allowed domains become theirs

Every response is recognised by its content (sitemap, feed, robots.txt or
HTML page), not by its name. The spider only turns what the pure
`crawler.discovery` functions find into Requests and `Page` items.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.discovery.feeds import FeedError, find_feed_links, parse_feed
from crawler.discovery.links import extract_links
from crawler.discovery.pagekind import looks_like_article
from crawler.discovery.sitemaps import SitemapError, parse_sitemap, robots_sitemaps
from crawler.discovery.sniff import sniff_kind
from crawler.discovery.urls import canonicalize_url, host_of, is_allowed, is_probably_asset, to_punycode_domain
from crawler.extraction.decoding import decode_html
from crawler.items import Page
from crawler.relevance.profile import Profile, load_profile

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Request priorities: structure first (sitemaps, feeds), then what they list, then plain links.
PRIORITY_STRUCTURE = 30
PRIORITY_LISTED = 20
PRIORITY_LINK = 0


@dataclass(frozen=True)
class DiscoveryConfig:
    """How far discovery goes; built once from the TOPIC_* and DOWNLOAD_MAXSIZE settings."""

    follow_links: bool = True
    robots_sitemaps: bool = True
    max_sitemap_entries: int = 50000
    max_sitemap_bytes: int = 16 * 1024 * 1024


def split_urls(urls: str) -> list[str]:
    """The `-a urls=` argument: comma-separated absolute http(s) URLs; anything else is an error."""
    found = [u.strip() for u in urls.split(",") if u.strip()]
    bad = [u for u in found if not u.lower().startswith(("http://", "https://"))]
    if bad or not found:
        raise ValueError(f"urls= needs comma-separated http(s) URLs, got {urls!r}")
    return found


class TopicSpider(Spider):
    """Crawls a topic profile's seeds (or `-a urls=`) for on-topic news articles."""

    name = "topic"

    def __init__(self, profile: str | None = None, urls: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.profile: Profile = load_profile(profile)
        self.seeds = split_urls(urls) if urls else list(self.profile.seeds)
        domains = [host_of(u) for u in self.seeds] if urls else list(self.profile.allowed_domains)
        self.allowed_domains = sorted({to_punycode_domain(d) for d in domains if d})
        self.config = DiscoveryConfig()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TopicSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        if kwargs.get("profile"):
            # The relevance stage reads the same profile file.
            s.set("TOPIC_PROFILE", kwargs["profile"], priority="spider")
        spider.config = DiscoveryConfig(
            follow_links=s.getbool("TOPIC_FOLLOW_LINKS"),
            robots_sitemaps=s.getbool("TOPIC_ROBOTS_SITEMAPS"),
            max_sitemap_entries=s.getint("TOPIC_MAX_SITEMAP_ENTRIES"),
            max_sitemap_bytes=s.getint("DOWNLOAD_MAXSIZE"),
        )
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for url in self.seeds:
            yield self._request(url, "seed", PRIORITY_STRUCTURE)
        if self.config.robots_sitemaps:
            for robots in dict.fromkeys(urljoin(u, "/robots.txt") for u in self.seeds):
                yield self._request(robots, "robots", PRIORITY_STRUCTURE)

    def _request(self, url: str, source: str, priority: int, hints: dict[str, Any] | None = None) -> Request:
        return Request(
            canonicalize_url(url),
            callback=self.parse,
            errback=self.on_error,
            priority=priority,
            cb_kwargs={"source": source, "hints": hints or {}},
        )

    def _wanted(self, url: str) -> bool:
        return is_allowed(url, self.allowed_domains) and not is_probably_asset(url)

    def parse(self, response: Response, source: str = "link", hints: dict[str, Any] | None = None) -> Iterator[Any]:
        self.crawler.stats.inc_value(f"discovery/responses/{source}")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        kind = sniff_kind(response.body, content_type, response.url)
        self.crawler.stats.inc_value(f"discovery/kind/{kind}")
        if kind == "sitemap":
            yield from self._from_sitemap(response)
        elif kind == "feed":
            yield from self._from_feed(response)
        elif kind == "robots":
            for url in robots_sitemaps(response.body, response.url):
                yield self._request(url, "robots-sitemap", PRIORITY_STRUCTURE)
        elif kind == "html":
            yield from self._from_html(response, content_type, source, hints or {})

    def _from_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = parse_sitemap(response.body, response.url, self.config.max_sitemap_bytes)
        except SitemapError as exc:
            self._count("discovery/errors/sitemap", f"unusable sitemap {response.url}: {exc}")
            return
        for entry in sitemap.entries[: self.config.max_sitemap_entries]:
            if not self._wanted(entry.url):
                continue
            if sitemap.kind == "index":
                yield self._request(entry.url, "sitemap-index", PRIORITY_STRUCTURE)
            else:
                hints = {"title": entry.news_title, "published": entry.news_published or entry.lastmod}
                yield self._request(entry.url, "sitemap", PRIORITY_LISTED, hints)

    def _from_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except FeedError as exc:
            self._count("discovery/errors/feed", f"unusable feed {response.url}: {exc}")
            return
        for entry in entries:
            if self._wanted(entry.url):
                hints = {"title": entry.title, "published": entry.published}
                yield self._request(entry.url, "feed", PRIORITY_LISTED, hints)

    def _from_html(self, response: Response, content_type: str, source: str, hints: dict[str, Any]) -> Iterator[Any]:
        html = decode_html(response.body, content_type).text
        if source in {"feed", "sitemap"} or looks_like_article(html):
            yield self._page(response, source, hints)
        for feed in find_feed_links(html, response.url):
            if self._wanted(feed):
                yield self._request(feed, "feed-link", PRIORITY_STRUCTURE)
        if self.config.follow_links:
            for link in extract_links(html, response.url):
                if self._wanted(link.url):
                    yield self._request(link.url, "link", PRIORITY_LINK, {"anchor": link.text})

    def _page(self, response: Response, source: str, hints: dict[str, Any]) -> Page:
        self.crawler.stats.inc_value("pages/article_candidates")
        headers = {k.decode("latin-1").lower(): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        first_url = (response.meta.get("redirect_urls") or [response.url])[0]
        return Page(
            url=canonicalize_url(response.url),
            body=response.body,
            headers=headers,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            status=response.status,
            request_url=first_url,
            source=source,
            hints={k: v for k, v in hints.items() if v},
        )

    def _count(self, stat: str, message: str) -> None:
        """Log a discovery problem the first time it happens, count it always."""
        stats = self.crawler.stats
        if not stats.get_value(stat):
            self.logger.warning(message)
        stats.inc_value(stat)

    def on_error(self, failure: Failure) -> None:
        """A request that failed (HTTP error, DNS, timeout, robots.txt): counted by kind."""
        kind = type(failure.value).__name__
        self._count(f"fetch/failed/{kind}", f"fetch failed ({kind}): {failure.request.url}")  # type: ignore[attr-defined]
