"""One unresponsive host does not hold the crawl: `Request -> Request | HostSetAside`.

Each download that times out is counted against its host (scheme, host, port),
retries included (this middleware sits after the retry middleware, so it sees
every attempt). At HOSTGUARD_MAX_TIMEOUTS the host is set aside for the run:
its requests queued in the downloader are cancelled and new ones refused with
`HostSetAside`, whose `retry_later` keeps the URLs due for the next run.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest, NotConfigured
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from crawler.discovery.urls import host_key

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

LOGGER = logging.getLogger(__name__)
_TIMEOUTS = (DownloadTimeoutError, TwistedTimeoutError)


class HostSetAside(IgnoreRequest):
    """The host timed out repeatedly in this run: the request is not sent, and stays due for the next run."""

    retry_later = True


class HostGuardMiddleware:
    """Counts timeouts per host; sets a host aside at the limit, refusing its requests for the rest of the run."""

    def __init__(self, crawler: Crawler, max_timeouts: int) -> None:
        self.crawler = crawler
        self.max_timeouts = max_timeouts
        self.timeouts: Counter[str] = Counter()
        self.aside: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        limit = crawler.settings.getint("HOSTGUARD_MAX_TIMEOUTS", 2)
        if limit <= 0:
            raise NotConfigured("HOSTGUARD_MAX_TIMEOUTS is 0")
        return cls(crawler, limit)

    def _refusal(self, key: str) -> HostSetAside:
        return HostSetAside(f"{key} set aside for this run after {self.timeouts[key]} timeouts")

    def process_request(self, request: Request) -> None:
        key = host_key(request.url)
        if key in self.aside:
            self._count("hostguard/refused")
            raise self._refusal(key)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if not isinstance(exception, _TIMEOUTS):
            return
        key = host_key(request.url)
        self.timeouts[key] += 1
        self._count("hostguard/timeouts")
        if self.timeouts[key] >= self.max_timeouts and key not in self.aside:
            self.aside.add(key)
            self._count("hostguard/set_aside")
            LOGGER.warning("%s timed out %d times: set aside for this run, its URLs stay due", key, self.timeouts[key])
            self._cancel_queued(key)

    def _cancel_queued(self, key: str) -> None:
        """Requests of the host waiting in a downloader slot fail now instead of each waiting for its timeout."""
        engine = self.crawler.engine
        if engine is None:
            return
        for slot in engine.downloader.slots.values():
            waiting = [(r, d) for r, d in slot.queue if host_key(r.url) == key]
            for entry in waiting:
                slot.queue.remove(entry)
                self._count("hostguard/cancelled")
                entry[1].errback(Failure(self._refusal(key)))

    def _count(self, stat: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stat)
