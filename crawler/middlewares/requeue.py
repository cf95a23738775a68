"""One fetch per re-queued URL: `Request -> Request | IgnoreRequest` for the stale copy.

The spider re-queues a URL it finds again with a clearly higher priority, while
that URL has not reached the downloader (a dupefilter would drop the new request),
marking every request it makes for a discovered URL with `meta["frontier_url"]`.
The project's durable scheduler updates the queued entry in place; Scrapy's own
schedulers keep both copies: whichever reaches the downloader first is fetched,
the other is refused here and counted in `requeue/dropped/stale`. Retries and
redirects of a request are not copies. (With the durable scheduler a stale copy
only exists when the spider re-queued a URL in the instant between the scheduler
handing it out and the request reaching the downloader.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.state import CrawlState
from crawler.store.sentlog import SentLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

DROP_STAT = "requeue/dropped/stale"


class RequeueMiddleware:
    """Remembers the frontier URLs sent to the downloader and refuses a second copy of one."""

    def __init__(self, stats: StatsCollector, sent: SentLog | None = None) -> None:
        self.stats = stats
        self.sent = sent or SentLog()  # the crawl's: a temporary table of its state's connection

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequeueMiddleware:
        if not crawler.settings.getbool("TOPIC_BEST_FIRST"):
            raise NotConfigured("TOPIC_BEST_FIRST is off: no request is re-queued")
        assert crawler.stats is not None
        return cls(crawler.stats, SentLog(CrawlState.db_later(crawler)))

    def process_request(self, request: Request) -> None:
        key = request.meta.get("frontier_url")
        if not key or request.meta.get("retry_times") or request.meta.get("redirect_times"):
            return None
        if not self.sent.add(key) and not request.meta.get("relisted"):  # a listing after a hub read: fetched again
            self.stats.inc_value(DROP_STAT)
            # Not a failure of the URL: its other copy was fetched and settles the durable frontier's entry
            # (crawler/middlewares/frontier.py records failures under this key).
            request.meta.pop("frontier_key", None)
            raise IgnoreRequest(f"already fetched at a higher priority: {key}")
        return None
