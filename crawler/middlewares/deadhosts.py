"""A followed link is sent only within its host's window, never to a failing host: `Request -> Request | IgnoreRequest`.

Links of the crawl's entry pages are not judged (`meta["gated"]` marks the others).
The judgement is `crawler.discovery.linkmerit`'s, made at the moment a link would
be sent, so that the window counts only links sent and not yet answered:

- a host whose followed links mostly fail: its links are refused (the spider
  stops yielding them as soon as it knows; these are the ones queued before),
  counted in `links/dropped/failing_host`. Listings (feeds, sitemaps) of the
  host are still fetched.
- a host whose window is full: the link is held back (`links/held/window`): a
  copy waits in the spider's link merit, the best first, and is queued again
  when an answer of the host makes room. The request held back is no failure
  of its URL (its frontier entry is left to the copy).

A link sent is marked `meta["window"]`: if a later middleware refuses it, its
place is given back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

DROP_STAT = "links/dropped/failing_host"
HELD_STAT = "links/held/window"


class FailingHostMiddleware:
    """Refuses link requests to hosts the spider's link merit no longer explores; holds back those past the window."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailingHostMiddleware:
        if not crawler.settings.getbool("TOPIC_FOLLOW_LINKS"):
            raise NotConfigured("TOPIC_FOLLOW_LINKS is off: no link is followed")
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        meta = request.meta
        if not meta.get("gated") or meta.get("retry_times") or meta.get("redirect_times") or meta.get("window"):
            return None  # not a followed link, or the continuation of one already sent
        merit = getattr(self.crawler.spider, "merit", None)
        url = meta.get("frontier_url") or request.url
        if merit is None or merit.holds(url):  # a second copy of a link sent: not counted twice
            return None
        assert self.crawler.stats is not None
        if not merit.explorable(url):
            self.crawler.stats.inc_value(DROP_STAT)
            raise IgnoreRequest(f"the host's followed links mostly fail: {request.url}")
        if merit.send(url):
            meta["window"] = True
            return None
        merit.hold(url, request.replace(dont_filter=True), request.priority)
        self.crawler.stats.inc_value(HELD_STAT)
        meta.pop("frontier_key", None)  # not a failure of the URL: the copy settles its frontier entry
        raise IgnoreRequest(f"held back until the host answers: {request.url}")
