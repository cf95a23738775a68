"""The `topic` spider: from a profile's seeds (`-a profile=FILE`, default the built-in) or `-a urls=URL,...` (and their
domains) to article pages, through feeds, sitemaps, query feeds and links. A response is recognised by its content
(sitemap, feed, HTML page), a query feed's answer by its request; the spider only turns what the pure `crawler.discovery`
and `crawler.relevance` functions find into Requests (best-first) and Pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery.feeds import FeedEntry, FeedError, feed_links_in, parse_feed
from crawler.discovery.htmltree import parse_html
from crawler.discovery.linkmerit import LinkMerit
from crawler.discovery.links import Link, links_in
from crawler.discovery.pagekind import tree_is_candidate, tree_looks_like_article
from crawler.discovery.queryfeeds import QueryFeedError, parse_gdelt, parse_news_rss
from crawler.discovery.robots import ROBOTS_SITEMAPS
from crawler.discovery.sitemaps import SitemapError, parse_sitemap, web_urls
from crawler.discovery.sniff import sniff_kind
from crawler.discovery.urls import canonicalize_url, host_of, is_allowed, is_probably_asset, to_punycode_domain
from crawler.extraction.markup import too_heavy
from crawler.items import LISTED_SOURCES, Page
from crawler.relevance.priority import NEUTRAL_PAGE, LinkScorer, PriorityConfig
from crawler.relevance.profile import Profile, load_profile
from crawler.relevance.queries import query_feed_urls
from crawler.relevance.window import DateWindow
from crawler.spiders import topic_setup as setup
from crawler.state import CrawlState
from crawler.store.discovered import Discovered
from crawler.store.listings import Listings
from crawler.store.seenurls import SeenUrls
from crawler.user_errors import refuse_unknown_arguments

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

QUERY_PARSERS = {"query-gdelt": parse_gdelt, "query-rss": parse_news_rss}
Hints = dict[str, Any]  # what a listing says of a URL (title, published) or a link's anchor


class TopicSpider(Spider):
    """Crawls a topic profile's seeds (or `-a urls=`) for on-topic news articles, best-first."""

    name = "topic"
    arguments = {"profile": "profile TOML file (default: TOPIC_PROFILE, else built-in)", "urls": "start URLs, comma-separated"}

    def __init__(self, profile: str | None = None, urls: str | None = None, **kwargs: Any) -> None:
        refuse_unknown_arguments(kwargs, self.arguments, self.name)
        super().__init__(**kwargs)
        self.profile: Profile = load_profile(profile)
        self.from_profile = not urls  # the profile's seeds and query feeds, or only the given URLs
        self.seeds = setup.split_urls(urls) if urls else list(self.profile.seeds)
        domains = [host_of(u) for u in self.seeds] if urls else list(self.profile.allowed_domains)
        self.allowed_domains = sorted({to_punycode_domain(d) for d in domains if d})
        self.allowed_set = frozenset(self.allowed_domains)
        self.config = setup.DiscoveryConfig()
        self.window: DateWindow = self.profile.window
        self.priority = PriorityConfig()
        self.discovered = Discovered()  # requested URL -> best priority, settled, read as a hub (the crawl's: on disk)
        self.merit = LinkMerit()
        self.listed = Listings()  # URL -> the first listing's source and hints (the crawl's: on disk)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TopicSpider:
        s = crawler.settings
        explicit = kwargs.get("profile")
        kwargs["profile"] = explicit or s.get("TOPIC_PROFILE") or None
        spider = super().from_crawler(crawler, *args, **kwargs)
        setup.apply_profile_budgets(s, spider.profile, explicit)
        spider.config = setup.discovery_config(s)
        spider.merit = LinkMerit(setup.merit_config(s), SeenUrls(CrawlState.db_later(crawler)))  # article URLs on disk
        spider.listed = Listings(CrawlState.db_later(crawler))
        spider.discovered = Discovered(CrawlState.db_later(crawler))
        spider.window = spider.profile.window.with_since(s.get("TOPIC_SINCE") or "")
        spider.priority = PriorityConfig(best_first=s.getbool("TOPIC_BEST_FIRST", True))
        crawler.signals.connect(spider.reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(spider.dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.robots_sitemaps, signal=ROBOTS_SITEMAPS)
        return spider

    @cached_property
    def scorer(self) -> LinkScorer:  # built at first use (the start), to share the relevance stage's topic model fit
        return setup.link_scorer(self.profile, self.priority, getattr(self, "crawler", None))

    def robots_sitemaps(self, sitemaps: list[str], robots_url: str) -> None:
        """Signal handler: a host's robots.txt `Sitemap:` lines (the robots middleware reads it once per run)."""
        wanted = self.config.robots_sitemaps and is_allowed(robots_url, self.allowed_domains)
        for url in web_urls(sitemaps, robots_url) if wanted else []:
            self.crawler.engine.crawl(self._request(url, "robots-sitemap", self.scorer.structure()))

    def reached_downloader(self, request: Request) -> None:
        """Signal handler: a URL on its way to the server is never queued again."""
        if key := request.meta.get("frontier_url"):
            self.discovered.settle(key)

    def dropped(self, request: Request) -> None:
        """Signal handler: a URL whose first request the scheduler refused (seen, done, not due) is never queued again;
        a followed link's redirect refused so (its URL done already) gives its place in the host's window back."""
        if request.meta.get("frontier_first"):
            self.discovered.settle(request.meta["frontier_url"])
        if request.meta.get("window"):
            self.merit.outcome(request.meta["frontier_url"], None)

    async def start(self) -> AsyncIterator[Any]:
        first = self.scorer.structure()
        for url in self.seeds:
            yield self._request(url, "seed", first)
        if self.config.query_feeds and self.from_profile:
            for url, kind in query_feed_urls(self.profile):
                yield self._request(url, f"query-{kind}", first, offsite=True)

    def _request(self, url: str, source: str, priority: int, hints: Hints | None = None, offsite: bool = False) -> Request:
        return Request(
            canonicalize_url(url),
            callback=self.parse,
            errback=self.on_error,
            priority=priority,
            cb_kwargs={"source": source, "hints": hints or {}},
            meta={"allow_offsite": True} if offsite else None,
        )

    def _follow(self, url: str, source: str, priority: int, hints: Hints | None = None, offsite: bool = False) -> Request:
        """A request for a discovered URL; one queued lower, not yet sent nor refused, is queued again (dont_filter)."""
        request = self._request(url, source, priority, hints, offsite)
        key = request.meta["frontier_url"] = request.url
        if source in LISTED_SOURCES and self.listed.add(key, source, hints or {}):  # its page: a candidate always
            if self.discovered.take_hub(key):  # already read as a hub: fetched again, once, as the candidate it is
                self.crawler.stats.inc_value("discovery/relisted")
                return request.replace(dont_filter=True, meta={**request.meta, "relisted": True})
        best, settled = self.discovered.request(key, priority)
        if best is None:
            request.meta["frontier_first"] = True
        elif not settled and priority >= best + self.config.requeue_margin:
            if self.scorer.config.best_first:
                self.crawler.stats.inc_value("frontier/requeued")
                request = request.replace(dont_filter=True)
        return request

    def _gated(self, request: Request) -> bool:  # a followed link, or a request in place of one sent
        return bool(request.meta.get("gated")) or self.merit.holds(request.meta.get("frontier_url") or "")

    def _wanted(self, url: str) -> bool:
        return is_allowed(url, self.allowed_set) and not is_probably_asset(url)

    def _in_window(self, published: str | None) -> bool:
        """False (and counted) for an entry whose date says it is outside the profile's window."""
        verdict = self.window.verdict(published)
        if verdict:
            self.crawler.stats.inc_value(f"discovery/skipped/{verdict}")
        return verdict is None

    def parse(self, response: Response, source: str = "link", hints: dict[str, Any] | None = None) -> Iterator[Any]:
        self.crawler.stats.inc_value(f"discovery/responses/{source}")
        if response.request is not None and self._gated(response.request):
            self.merit.outcome(response.request.meta["frontier_url"], ok=response.status < 400)
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

    def _listed(self, entries: Iterable[FeedEntry], response: Response, source: str, offsite: bool = False) -> Iterator[Request]:
        depth = setup.depth_after(response)
        for entry in entries:
            wanted = not is_probably_asset(entry.url) if offsite else self._wanted(entry.url)
            if wanted and self._in_window(entry.published):
                self.merit.article_seen(canonicalize_url(entry.url))
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
        listed = (FeedEntry(e.url, e.news_title, e.news_published or e.lastmod) for e in entries)  # one at a time
        yield from self._listed(listed, response, "sitemap")

    def _from_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except FeedError as exc:
            self._count("discovery/errors/feed", f"unusable feed {response.url}: {exc}")
            return
        yield from self._listed(entries, response, "feed")

    def _from_html(self, response: Response, content_type: str, source: str, hints: dict[str, Any]) -> Iterator[Any]:
        """One parse of the page's first TOPIC_MAX_PARSE_BYTES: its kind, feed links, links and their priorities."""
        if too_heavy(response.body, self.config.max_page_tags):  # binary junk or a giant page: no parse here
            self.crawler.stats.inc_value("discovery/skipped/unparsed")
            yield from [self._page(response, source, hints)] if source in LISTED_SOURCES else []  # extract refuses it
            return
        key = (response.request.meta.get("frontier_url") if response.request is not None else None) or ""
        if source not in LISTED_SOURCES and (listing := self.listed.get(key)):  # first reached by a link, listed since
            source, hints = listing[0], {**listing[1], **hints}
        depth = setup.depth_after(response)
        listed = source in LISTED_SOURCES
        # A listed page is a candidate whatever its tree says: parsed only for its links or feed links, if any are read.
        read = not listed or self.config.follow_links or self.merit.explores_freely(response.url, depth - 1, True)
        root = parse_html(response.body, content_type, self.config.max_parse_bytes) if read else None
        is_article = listed or (root is not None and tree_looks_like_article(root))
        candidate = is_article or (root is not None and tree_is_candidate(root, response.url))  # extraction decides
        if is_article:
            self.merit.article_seen(canonicalize_url(response.url))
        elif not candidate:  # a hub: read for its links; it teaches its host's template from this tree
            if key:
                self.discovered.mark_hub(key)
            setup.teach_template(self.crawler, root, response.url, self.config.templates)
        if root is not None:  # requests first: discovery goes on while the page waits for extraction
            freely = self.merit.explores_freely(response.url, depth - 1, is_article)
            for feed in feed_links_in(root, response.url) if freely else ():  # an article's own feeds: its comments
                if self._wanted(feed) and self.merit.feed_wanted(canonicalize_url(feed)):
                    yield self._request(feed, "feed-link", self.scorer.structure())
            if self.config.follow_links:
                yield from self._links(root, response, is_article, freely, depth)
        if candidate:
            yield self._page(response, source, hints)

    def _links(self, root: Any, response: Response, is_article: bool, freely: bool, depth: int) -> Iterator[Request]:
        """Every link of an entry page or a hub near one; of other pages, the links with merit. None to a failing host."""
        stats, gated, chosen = self.crawler.stats, depth > 1, dict[str, Link]()
        failing = unmerited = 0  # counted once per page
        for link in links_in(root, response.url):  # the cheap tests first; canonical URLs and page text for the rest
            if not self._wanted(link.url):
                continue
            if gated and not self.merit.explorable(link.url):
                failing += 1
                continue
            if not freely:
                relevant = self.scorer.selective and self.scorer.relevance(link.url, link.text) >= self.config.min_link_relevance
                if not self.merit.worth_following(link.url, link.text, relevant):
                    unmerited += 1
                    continue
            chosen.setdefault(canonicalize_url(link.url), link)
        for stat, count in (("links/skipped/failing_host", failing), ("links/skipped/no_merit", unmerited)):
            if count:
                stats.inc_value(stat, count)
        page = self.scorer.page_of(root, response.url, is_article) if chosen else NEUTRAL_PAGE  # drops the chrome
        stats.inc_value("discovery/pages/offtopic", int(page.offtopic))
        for url, link in chosen.items():
            request = self._follow(url, "link", self.scorer.link(url, link.text, page, depth), {"anchor": link.text})
            # A link of an entry page is the user's choice; others count for their host, and are sent within its
            # window (crawler/scheduling/scheduler.py).
            request.meta.update(gated=gated, depth=depth)
            yield request

    def _page(self, response: Response, source: str, hints: dict[str, Any]) -> Page:
        self.crawler.stats.inc_value("pages/article_candidates")
        return setup.page_item(response, source, hints)

    def _count(self, stat: str, message: str) -> None:
        """Log a discovery problem the first time it happens, count it always."""
        if not self.crawler.stats.get_value(stat):
            self.logger.warning(message)
        self.crawler.stats.inc_value(stat)

    def on_error(self, failure: Failure) -> None:
        """A request that failed (HTTP error, DNS, timeout) is counted by kind; one a middleware refused, as ignored.
        A followed link's failure counts for its host; a link sent then refused on its way gives its place back."""
        refused = isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError)
        request = failure.request  # type: ignore[attr-defined]
        if request.meta.get("window") if refused else self._gated(request):
            self.merit.outcome(request.meta["frontier_url"], None if refused else False)
        if refused:  # robots.txt, page budget: those middlewares count their own
            self.crawler.stats.inc_value("fetch/ignored")
            return
        kind = type(failure.value).__name__
        self._count(f"fetch/failed/{kind}", f"fetch failed ({kind}): {request.url}")
