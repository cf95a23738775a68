"""robots.txt by RFC 9309: `Request -> Request | IgnoreRequest`, one robots.txt fetch per host and run.

Replaces Scrapy's RobotsTxtMiddleware, which reads a robots.txt that answers
503 or never answers as "allow all", ignores Crawl-delay and parses any size.
Here (rules in `crawler.discovery.robots`): a 5xx or no answer disallows the
host for now (`RobotsUnavailable`, `retry_later`: the URL stays due) and is asked
again later in the run; a 4xx allows all; at most ROBOTS_MAX_BYTES are
downloaded and parsed; a Crawl-delay becomes the host's downloader slot delay;
the `Sitemap:` lines are sent once per host with the ROBOTS_SITEMAPS signal.
Requests wait for their host's robots.txt while it is being fetched. Each
host's last good answer and the start of an outage are kept in the crawl state
(`CrawlState.robots`), so an outage is timed across runs and the copy fetched
before it can stand in once it has lasted ROBOTS_LAST_GOOD_AFTER.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured, StopDownload
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import load_object
from twisted.internet.defer import Deferred

from crawler.config import robots_config
from crawler.discovery.robots import (
    DISALLOW_ALL,
    ROBOTS_SITEMAPS,
    HostRobots,
    RobotsConfig,
    RobotsRules,
    cut_robots,
    rules_from_answer,
    start_host,
    unreachable,
)
from crawler.discovery.urls import host_key
from crawler.state import CrawlState
from crawler.store.robots import SQLiteRobotsStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

LOGGER = logging.getLogger(__name__)
_ROBOTS_META = "robots_txt"
# robots.txt goes before any page of its host.
_ROBOTS_PRIORITY = 1000
# Added to a Crawl-delay: requests leave spaced by the slot delay, but one may reach the server later than sent
# (connection set-up on a busy machine) and the next one less than the delay after it. Measured: up to 0.06 s.
_DELAY_MARGIN = 0.25


class RobotsUnavailable(IgnoreRequest):
    """robots.txt answered 5xx or not at all: the host is disallowed for now, the URL stays due for a later run."""

    retry_later = True


class RobotsMiddleware:
    """Fetches each host's robots.txt once, obeys it (RFC 9309), applies Crawl-delay, hands over its sitemaps."""

    def __init__(self, crawler: Crawler, config: RobotsConfig, obey: bool, agent: str) -> None:
        self.crawler = crawler
        self.config = config
        self.obey = obey
        self.agent = agent
        self.hosts: dict[str, HostRobots] = {}
        self.pending: dict[str, list[Deferred[None]]] = {}
        self.network_errors: tuple[type[BaseException], ...] = (IgnoreRequest,) + tuple(
            load_object(e) if isinstance(e, str) else e for e in crawler.settings.getlist("RETRY_EXCEPTIONS")
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsMiddleware:
        s = crawler.settings
        obey = s.getbool("ROBOTSTXT_OBEY")
        if not obey and not s.getbool("TOPIC_ROBOTS_SITEMAPS"):
            raise NotConfigured("ROBOTSTXT_OBEY and TOPIC_ROBOTS_SITEMAPS are both off")
        agent = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT")
        middleware = cls(crawler, robots_config(s), obey, agent)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or not request.url.lower().startswith(("http://", "https://")):
            return
        key = host_key(request.url)
        rules = await self._rules(key)
        stats = self.crawler.stats
        assert stats is not None
        if self.obey and rules.verdict == DISALLOW_ALL:
            stats.inc_value("robotstxt/refused/unavailable")
            raise RobotsUnavailable(f"robots.txt of {key} unavailable ({rules.detail}): disallowed for now")
        if self.obey and not rules.allows(request.url, self.agent):
            stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")
        delay = rules.crawl_delay(self.agent, self.config.max_crawl_delay)
        if delay:
            self._throttle(request, key, delay + _DELAY_MARGIN)

    async def _rules(self, key: str) -> RobotsRules:
        """The host's rules now, fetching robots.txt first when it is new or due again (one fetch at a time)."""
        host = self.hosts.get(key)
        if host is not None and not host.due(time.time(), self.config):
            return host.effective(time.time(), self.config)
        if key in self.pending:  # being fetched: wait for it
            waiter: Deferred[None] = Deferred()
            self.pending[key].append(waiter)
            await maybe_deferred_to_future(waiter)
        else:
            self.pending[key] = []
            try:
                await self._fetch(key)
            finally:
                for waiter in self.pending.pop(key):
                    waiter.callback(None)
        host = self.hosts.get(key)
        if host is None:  # the fetch ended in an error that is not a network error (raised to its own request)
            raise RobotsUnavailable(f"robots.txt of {key} could not be read")
        return host.effective(time.time(), self.config)

    async def _fetch(self, key: str) -> None:
        url = f"{key}/robots.txt"
        request = Request(
            url,
            priority=_ROBOTS_PRIORITY,
            meta={"dont_obey_robotstxt": True, "dont_retry": True, "allow_offsite": True, _ROBOTS_META: 0},
            callback=NO_CALLBACK,
        )
        stats = self.crawler.stats
        assert stats is not None and self.crawler.engine is not None
        stats.inc_value("robotstxt/request_count")
        answer: tuple[int, bytes] | None = None
        try:
            response = await self.crawler.engine.download_async(request)
        except self.network_errors as exc:
            stats.inc_value(f"robotstxt/unreachable/{type(exc).__name__}")
            rules = unreachable(f"{type(exc).__name__}: {exc}")
        else:
            stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            rules = rules_from_answer(response.status, response.body, self.config)
            answer = (response.status, cut_robots(response.body, self.config.max_bytes)[0])
            if rules.cut or "download_stopped" in response.flags:
                stats.inc_value("robotstxt/cut")
        now = time.time()
        host = self.hosts.get(key)
        if host is None:
            host = self.hosts[key] = self._start(key, rules, now)
        else:
            host.record(rules, now)
        self._remember(key, host, rules, answer, now)
        if rules.verdict == DISALLOW_ALL:
            LOGGER.warning("robots.txt %s unavailable (%s): its host is disallowed for now", url, rules.detail)
        self._hand_over(host, url)

    def _copies(self) -> SQLiteRobotsStore | None:
        """The crawl state's robots.txt copies; None when the state's owner is off (then a run remembers alone)."""
        try:
            return CrawlState.of(self.crawler).robots
        except NotConfigured:
            return None

    def _start(self, key: str, rules: RobotsRules, now: float) -> HostRobots:
        """A host's first answer in this run, with the last good copy and the outage earlier runs saw."""
        copies = self._copies()
        kept = copies.get(key) if copies is not None else None
        if kept is None:
            return start_host(rules, now)
        last_good = None if kept.status is None else rules_from_answer(kept.status, kept.body or b"", self.config)
        return start_host(rules, now, last_good, kept.down_since)

    def _remember(self, key: str, host: HostRobots, rules: RobotsRules, answer: tuple[int, bytes] | None, now: float) -> None:
        """Keep a good answer as the host's last good copy, or the start of its outage, for later runs."""
        copies = self._copies()
        if copies is None:
            return
        if rules.verdict != DISALLOW_ALL and answer is not None:
            copies.good(key, answer[0], answer[1], now)
        else:
            host.down_since = copies.down(key, now if host.down_since is None else host.down_since)

    def _hand_over(self, host: HostRobots, url: str) -> None:
        """Send the Sitemap: URLs not sent before for this host."""
        new = [s for s in host.rules.sitemaps if s not in host.sitemaps_handed]
        if new:
            host.sitemaps_handed.update(new)
            self.crawler.signals.send_catch_log(ROBOTS_SITEMAPS, sitemaps=new, robots_url=url)

    def _throttle(self, request: Request, key: str, delay: float) -> None:
        """Crawl-delay: the host's requests go through their own downloader slot with that delay, one at a time."""
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        slot_key = f"robots-delay:{key}"
        request.meta["download_slot"] = slot_key
        request.meta["autothrottle_dont_adjust_delay"] = True  # AutoThrottle would lower it
        downloader.per_slot_settings[slot_key] = {"delay": delay, "jitter": 0.0, "concurrency": 1}
        slot = downloader.slots.get(slot_key)
        if slot is not None:
            slot.delay, slot.jitter = delay, 0.0

    def bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        """Signal handler: stop downloading a robots.txt past ROBOTS_MAX_BYTES (the rest is never parsed)."""
        if _ROBOTS_META not in request.meta:
            return
        request.meta[_ROBOTS_META] += len(data)
        if request.meta[_ROBOTS_META] > self.config.max_bytes:
            raise StopDownload(fail=False)
