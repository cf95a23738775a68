"""The `topic` spider: from a profile's seeds to article pages, through feeds, sitemaps, query feeds and links.

    scrapy crawl topic                          # the built-in default profile
    scrapy crawl topic -a profile=my.toml       # a user's profile
    scrapy crawl topic -a urls=URL[,URL...]     # these start points and their domains instead of the seeds

A response is recognised by its content (sitemap, feed, HTML page), a query feed's answer by its request. The spider
only turns what the pure `crawler.discovery` and `crawler.relevance` functions find into Requests (best-first) and Pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery.feeds import FeedEntry, FeedError, find_feed_links, parse_feed
from crawler.discovery.links import extract_links
from crawler.discovery.pagekind import looks_like_article
from crawler.discovery.queryfeeds import QueryFeedError, parse_gdelt, parse_news_rss
from crawler.discovery.robots import ROBOTS_SITEMAPS
from crawler.discovery.sitemaps import SitemapError, parse_sitemap
from crawler.discovery.sniff import sniff_kind
from crawler.discovery.urls import canonicalize_url, host_of, is_allowed, is_probably_asset, to_punycode_domain
from crawler.extraction.decoding import decode_html
from crawler.extraction.markup import too_heavy
from crawler.items import Page
from crawler.relevance.priority import LinkScorer, PriorityConfig
from crawler.relevance.profile import Profile, load_profile
from crawler.relevance.queries import query_feed_urls
from crawler.relevance.window import DateWindow
from crawler.user_errors import refuse_unknown_arguments

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

# Sources whose pages are article candidates without looking like one: someone listed them.
LISTED_SOURCES = frozenset({"feed", "sitemap", "query"})
QUERY_PARSERS = {"query-gdelt": parse_gdelt, "query-rss": parse_news_rss}


@dataclass(frozen=True)
class DiscoveryConfig:
    """How far discovery goes; built once from the TOPIC_* and DOWNLOAD_MAXSIZE settings."""

    follow_links: bool = True
    robots_sitemaps: bool = True
    query_feeds: bool = True
    requeue_margin: int = 25
    max_sitemap_entries: int = 50000
    max_sitemap_bytes: int = 16 * 1024 * 1024
    max_page_tags: int = 50_000  # a page with more is not parsed for links (its article, if listed, still goes on)


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


class TopicSpider(Spider):
    """Crawls a topic profile's seeds (or `-a urls=`) for on-topic news articles, best-first."""

    name = "topic"
    arguments = {"profile": "profile TOML file (default: TOPIC_PROFILE, else built-in)", "urls": "start URLs, comma-separated"}

    def __init__(self, profile: str | None = None, urls: str | None = None, **kwargs: Any) -> None:
        refuse_unknown_arguments(kwargs, self.arguments, self.name)
        super().__init__(**kwargs)
        self.profile: Profile = load_profile(profile)
        self.from_profile = not urls  # the profile's seeds and query feeds, or only the given URLs
        self.seeds = split_urls(urls) if urls else list(self.profile.seeds)
        domains = [host_of(u) for u in self.seeds] if urls else list(self.profile.allowed_domains)
        self.allowed_domains = sorted({to_punycode_domain(d) for d in domains if d})
        self.config = DiscoveryConfig()
        self.window: DateWindow = self.profile.window
        self.scorer = LinkScorer(self.profile, PriorityConfig())
        self.queued: dict[str, int] = {}  # discovered URL -> the highest priority it was requested with
        self.settled: set[str] = set()  # discovered URLs sent to the downloader, or refused by the scheduler

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TopicSpider:
        s = crawler.settings
        explicit = kwargs.get("profile")
        kwargs["profile"] = explicit or s.get("TOPIC_PROFILE") or None
        spider = super().from_crawler(crawler, *args, **kwargs)
        apply_profile_budgets(s, spider.profile, explicit)
        spider.config = DiscoveryConfig(
            follow_links=s.getbool("TOPIC_FOLLOW_LINKS"),
            robots_sitemaps=s.getbool("TOPIC_ROBOTS_SITEMAPS"),
            query_feeds=s.getbool("TOPIC_QUERY_FEEDS", True),
            requeue_margin=s.getint("TOPIC_REQUEUE_MARGIN", 25),
            max_sitemap_entries=s.getint("TOPIC_MAX_SITEMAP_ENTRIES"),
            max_sitemap_bytes=s.getint("DOWNLOAD_MAXSIZE"),
            max_page_tags=s.getint("TOPIC_MAX_PAGE_TAGS", 50_000),
        )
        spider.window = spider.profile.window.with_since(s.get("TOPIC_SINCE") or "")
        spider.scorer = LinkScorer(spider.profile, PriorityConfig(best_first=s.getbool("TOPIC_BEST_FIRST", True)))
        crawler.signals.connect(spider.reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider.dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.robots_sitemaps, signal=ROBOTS_SITEMAPS)
        return spider

    def robots_sitemaps(self, sitemaps: list[str], robots_url: str) -> None:
        """Signal handler: a host's robots.txt `Sitemap:` lines (the robots middleware reads it once per run)."""
        for url in sitemaps if self.config.robots_sitemaps and is_allowed(robots_url, self.allowed_domains) else []:
            self.crawler.engine.crawl(self._request(url, "robots-sitemap", self.scorer.structure()))

    def reached_downloader(self, request: Request) -> None:
        """Signal handler: a URL on its way to the server is never queued again."""
        key = request.meta.get("frontier_url")
        if key:
            self.settled.add(key)

    def dropped(self, request: Request) -> None:
        """Signal handler: a URL whose first request the scheduler refused (seen, done, not due) is never queued again."""
        if request.meta.get("frontier_first"):
            self.settled.add(request.meta["frontier_url"])

    async def start(self) -> AsyncIterator[Any]:
        first = self.scorer.structure()
        for url in self.seeds:
            yield self._request(url, "seed", first)
        if self.config.query_feeds and self.from_profile:
            for url, kind in query_feed_urls(self.profile):
                yield self._request(url, f"query-{kind}", first, offsite=True)

    def _request(
        self, url: str, source: str, priority: int, hints: dict[str, Any] | None = None, offsite: bool = False
    ) -> Request:
        return Request(
            canonicalize_url(url),
            callback=self.parse,
            errback=self.on_error,
            priority=priority,
            cb_kwargs={"source": source, "hints": hints or {}},
            meta={"allow_offsite": True} if offsite else None,
        )

    def _follow(
        self, url: str, source: str, priority: int, hints: dict[str, Any] | None = None, offsite: bool = False
    ) -> Request:
        """A request for a discovered URL; one queued lower, not yet sent nor refused, is queued again (dont_filter)."""
        request = self._request(url, source, priority, hints, offsite)
        key = request.url
        request.meta["frontier_url"] = key
        best = self.queued.get(key)
        if best is None:
            request.meta["frontier_first"] = True
        elif key not in self.settled and priority >= best + self.config.requeue_margin:
            if self.scorer.config.best_first:
                self.crawler.stats.inc_value("frontier/requeued")
                request = request.replace(dont_filter=True)
        self.queued[key] = priority if best is None else max(best, priority)
        return request

    def _wanted(self, url: str) -> bool:
        return is_allowed(url, self.allowed_domains) and not is_probably_asset(url)

    def _in_window(self, published: str | None) -> bool:
        """False (and counted) for an entry whose date says it is outside the profile's window."""
        verdict = self.window.verdict(published)
        if verdict:
            self.crawler.stats.inc_value(f"discovery/skipped/{verdict}")
        return verdict is None

    def parse(self, response: Response, source: str = "link", hints: dict[str, Any] | None = None) -> Iterator[Any]:
        self.crawler.stats.inc_value(f"discovery/responses/{source}")
        if source in QUERY_PARSERS:
            yield from self._from_query(response, source)
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        kind = sniff_kind(response.body, content_type, response.url)
        self.crawler.stats.inc_value(f"discovery/kind/{kind}")
        if kind == "sitemap":
            yield from self._from_sitemap(response)
        elif kind == "feed":
            yield from self._from_feed(response)
        elif kind == "html":
            yield from self._from_html(response, content_type, source, hints or {})

    def _depth(self, response: Response) -> int:
        """Hops from a seed of the requests found on this response."""
        request = response.request
        return (int(request.meta.get("depth", 0)) if request is not None else 0) + 1

    def _listed(self, entries: list[FeedEntry], response: Response, source: str, offsite: bool = False) -> Iterator[Request]:
        depth = self._depth(response)
        for entry in entries:
            wanted = not is_probably_asset(entry.url) if offsite else self._wanted(entry.url)
            if wanted and self._in_window(entry.published):
                priority = self.scorer.listed(entry.url, entry.title, depth)
                hints = {"title": entry.title, "published": entry.published}
                yield self._follow(entry.url, source, priority, hints, offsite=offsite)

    def _from_query(self, response: Response, source: str) -> Iterator[Request]:
        try:
            entries = QUERY_PARSERS[source](response.body, response.url)
        except QueryFeedError as exc:
            self._count("discovery/errors/query", f"unusable query feed answer {response.url}: {exc}")
            return
        self.crawler.stats.inc_value("discovery/query/entries", len(entries))
        # A query feed's answers may be on any domain: fetched, their links followed only within allowed_domains.
        yield from self._listed(entries, response, "query", offsite=True)

    def _from_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = parse_sitemap(response.body, response.url, self.config.max_sitemap_bytes)
        except SitemapError as exc:
            self._count("discovery/errors/sitemap", f"unusable sitemap {response.url}: {exc}")
            return
        entries = sitemap.entries[: self.config.max_sitemap_entries]
        if sitemap.kind == "index":
            for entry in entries:  # a child sitemap last modified before the window holds only older pages
                if self._wanted(entry.url) and self._in_window(entry.lastmod):
                    yield self._request(entry.url, "sitemap-index", self.scorer.structure())
            return
        listed = [FeedEntry(e.url, e.news_title, e.news_published or e.lastmod) for e in entries]
        yield from self._listed(listed, response, "sitemap")

    def _from_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except FeedError as exc:
            self._count("discovery/errors/feed", f"unusable feed {response.url}: {exc}")
            return
        yield from self._listed(entries, response, "feed")

    def _from_html(self, response: Response, content_type: str, source: str, hints: dict[str, Any]) -> Iterator[Any]:
        if too_heavy(response.body, self.config.max_page_tags):  # binary junk or a giant page: no parse here
            self.crawler.stats.inc_value("discovery/skipped/unparsed")
            yield from [self._page(response, source, hints)] if source in LISTED_SOURCES else []  # extract refuses it
            return
        html = decode_html(response.body, content_type).text
        is_article = source in LISTED_SOURCES or looks_like_article(html)
        if is_article:
            yield self._page(response, source, hints)
        for feed in find_feed_links(html, response.url):
            if self._wanted(feed):
                yield self._request(feed, "feed-link", self.scorer.structure())
        if not self.config.follow_links:
            return
        page, depth = self.scorer.page(html, response.url, is_article), self._depth(response)
        if page.offtopic:
            self.crawler.stats.inc_value("discovery/pages/offtopic")
        for link in extract_links(html, response.url):
            if self._wanted(link.url):
                priority = self.scorer.link(link.url, link.text, page, depth)
                yield self._follow(link.url, "link", priority, {"anchor": link.text})

    def _page(self, response: Response, source: str, hints: dict[str, Any]) -> Page:
        self.crawler.stats.inc_value("pages/article_candidates")
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

    def _count(self, stat: str, message: str) -> None:
        """Log a discovery problem the first time it happens, count it always."""
        stats = self.crawler.stats
        if not stats.get_value(stat):
            self.logger.warning(message)
        stats.inc_value(stat)

    def on_error(self, failure: Failure) -> None:
        """A request that failed (HTTP error, DNS, timeout) is counted by kind; one a middleware refused, as ignored."""
        refused = isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError)
        if refused:  # robots.txt, page budget: those middlewares count their own
            self.crawler.stats.inc_value("fetch/ignored")
            return
        kind = type(failure.value).__name__
        self._count(f"fetch/failed/{kind}", f"fetch failed ({kind}): {failure.request.url}")  # type: ignore[attr-defined]
