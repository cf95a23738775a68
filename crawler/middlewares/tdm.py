"""robots.txt groups of AI crawlers, per host: `Request -> Request (+meta tdm_robots)`.

Every robots.txt the crawl fetches (Scrapy's robots.txt middleware, the
spider's Sitemap: lookup) passes through the downloader; this middleware reads
its groups for AI crawlers (GPTBot, CCBot, Google-Extended...) once per host,
and puts the verdict for each later request's URL in `meta["tdm_robots"]`
(True: an AI crawler is disallowed there; False: AI crawlers are named and
allowed; absent: the file names none, or it was not fetched). The spider passes
it on to the Page, the article records it as `tdm_source` "robots.txt" when no
stronger signal (TDMRep header or meta, robots noai) is on the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.discovery.urls import host_key
from crawler.extraction.tdm import AiRobots

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Bytes of a robots.txt read at most (Google reads 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024


class RobotsTdmMiddleware:
    """Remembers each host's robots.txt AI-crawler groups and marks requests with their verdict."""

    def __init__(self) -> None:
        self.sites: dict[str, AiRobots] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTdmMiddleware:
        if not crawler.settings.getbool("TDM_ROBOTS_ENABLED"):
            raise NotConfigured("TDM_ROBOTS_ENABLED is off")
        return cls()

    def process_request(self, request: Request) -> None:
        robots = self.sites.get(host_key(request.url))
        if robots is not None and "tdm_robots" not in request.meta:
            verdict = robots.reserved(request.url)
            if verdict is not None:
                request.meta["tdm_robots"] = verdict

    def process_response(self, request: Request, response: Response) -> Response:
        if urlsplit(response.url).path == "/robots.txt" and response.status == 200:
            text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            self.sites[host_key(response.url)] = AiRobots(text)
        return response
