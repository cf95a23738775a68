"""A followed link to a host whose followed links mostly fail is not fetched: `Request -> Request | IgnoreRequest`.

Links of the crawl's entry pages are not judged (`meta["gated"]` marks the others).

The spider stops yielding links to such a host as soon as it knows (see
`crawler.discovery.linkmerit`); this downloader middleware also stops the links
it had already queued, at the moment they would be sent. Listings (feeds,
sitemaps) of the host are still fetched. Counted in `links/dropped/failing_host`.
A link refused here after the durable scheduler gave it a place in its host's
window (`meta["window"]`) gives the place back (the spider's errback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

DROP_STAT = "links/dropped/failing_host"


class FailingHostMiddleware:
    """Refuses link requests to hosts the spider's link merit no longer explores."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailingHostMiddleware:
        if not crawler.settings.getbool("TOPIC_FOLLOW_LINKS"):
            raise NotConfigured("TOPIC_FOLLOW_LINKS is off: no link is followed")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("gated") or request.meta.get("retry_times"):
            return None
        merit = getattr(self.crawler.spider, "merit", None)
        if merit is None or merit.explorable(request.url):
            return None
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(DROP_STAT)
        raise IgnoreRequest(f"the host's followed links mostly fail: {request.url}")
