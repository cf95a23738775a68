"""Per-host page budget: `Request -> Request | IgnoreRequest` once a host has had its pages.

A host is a URL's scheme, host name and port (two sites on one machine are two
hosts). robots.txt requests are not pages and are never refused. The budget
comes from TOPIC_PAGES_PER_HOST, which the spider sets from the profile's
`budgets.pages_per_host` unless the command line set it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.discovery.urls import host_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

DROP_STAT = "budget/dropped/pages_per_host"


class HostBudgetMiddleware:
    """Counts the requests sent to each host and refuses those past the budget, counted in a stat."""

    def __init__(self, budget: int, stats: StatsCollector) -> None:
        self.budget = budget
        self.stats = stats
        self.sent: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostBudgetMiddleware:
        budget = crawler.settings.getint("TOPIC_PAGES_PER_HOST")
        if budget <= 0:
            raise NotConfigured("TOPIC_PAGES_PER_HOST is 0 and the profile sets no budgets.pages_per_host")
        assert crawler.stats is not None
        return cls(budget, crawler.stats)

    def process_request(self, request: Request) -> None:
        if urlsplit(request.url).path == "/robots.txt":
            return None
        key = host_key(request.url)
        if self.sent[key] >= self.budget:
            self.stats.inc_value(DROP_STAT)
            raise IgnoreRequest(f"page budget of {key} spent ({self.budget} pages)")
        self.sent[key] += 1
        self.stats.inc_value("budget/pages_sent")
        return None
