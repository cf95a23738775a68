"""Marking frontier entries done, and asking servers only for what changed.

`FrontierDoneMiddleware` (spider middleware): once a response's callback output
is fully consumed (its links are in the durable frontier), the request is done;
a response that produced a `Page` is settled when its article is stored or
dropped (`crawler.scheduling.recorder.settles`, applied by the crawl state's
owner and the store stage). `ConditionalGetMiddleware` (downloader middleware): a
revisit sends `If-None-Match` / `If-Modified-Since` from the last fetch; a 304 is
done with nothing more to do. `FrontierFailureMiddleware` (outermost downloader
middleware): a request that ends in an exception failed; it also tells the crawl
state whether each seed was reached. All of them use the one `FrontierRecorder`
of `crawler.state.CrawlState`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from crawler.items import Page
from crawler.scheduling.recorder import FrontierRecorder
from crawler.scheduling.revisit import STRUCTURE
from crawler.state import CrawlState

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

# Client errors that a later run may see go away.
_RETRYABLE = {408, 425, 429}
# Redirects that say a URL moved for good: its old URL is an alias of the page.
PERMANENT_REDIRECTS = frozenset({301, 308})

__all__ = ["ConditionalGetMiddleware", "FrontierDoneMiddleware", "FrontierFailureMiddleware", "FrontierRecorder"]


def permanent_aliases(response: Any) -> list[str]:
    """The URLs that redirect to the response's page for good: the tail of the chain made only of 301 and 308."""
    try:
        meta = response.meta
    except AttributeError:  # no response, a Failure, or a response not tied to a request
        return []
    chain, reasons = meta.get("redirect_urls") or [], meta.get("redirect_reasons") or []
    aliases: list[str] = []
    for url, why in reversed(list(zip(chain, reasons, strict=False))):
        if why not in PERMANENT_REDIRECTS:
            break
        aliases.append(url)
    return aliases


class FrontierDoneMiddleware:
    """Spider middleware: a response fully handled is done (its Page, if any, is settled later)."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDoneMiddleware:
        return cls(CrawlState.of(crawler))

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        key = response.request.meta.get("frontier_key") if response.request else None
        produced_page = False
        async for item in result:
            if response.status == 304:
                continue  # not modified: nothing new behind it
            if isinstance(item, Page) and key:
                item.frontier_key = key
                produced_page = True
                aliases = permanent_aliases(response)
                if aliases:  # the dedup stage records them with the article's fingerprints
                    self.state.redirects[key] = aliases
            yield item
        if key and not produced_page and not self.state.failed:
            failed = response.status >= 400
            permanent = failed and response.status < 500 and response.status not in _RETRYABLE
            with self.state.guard():
                self.state.recorder.finish(
                    key, STRUCTURE, changed=response.status != 304, response=response, failed=failed, permanent=permanent
                )


class ConditionalGetMiddleware:
    """Downloader middleware: revisits carry the last fetch's validators."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(CrawlState.of(crawler))

    def process_request(self, request: Request) -> None:
        key = request.meta.get("frontier_key")
        if not key:
            return
        visit = self.state.frontier.visit(key)
        if visit is None:
            return
        if visit.etag:
            request.headers.setdefault("If-None-Match", visit.etag)
        if visit.last_modified:
            request.headers.setdefault("If-Modified-Since", visit.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304:
            self.state.stats.inc_value("frontier/not_modified")
        return response


class FrontierFailureMiddleware:
    """Downloader middleware (outermost): a request that ends in an exception, retries spent, failed.

    A request that robots.txt, the offsite filter or a budget refuses (IgnoreRequest)
    will be refused again: a permanent failure, unless the exception says
    `retry_later` (a host set aside for this run, robots.txt unavailable): then the
    URL is due again at the next start. Network errors may pass: a later run tries
    again, up to FRONTIER_MAX_ATTEMPTS runs (seeds and robots.txt on every run).
    """

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierFailureMiddleware:
        return cls(CrawlState.of(crawler))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.cb_kwargs.get("source") == "seed":
            self.state.seed("reached")
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        from scrapy.exceptions import IgnoreRequest

        if request.cb_kwargs.get("source") == "seed":
            self.state.seed("failed", f"{request.url}: {type(exception).__name__}: {exception}")
        key = request.meta.get("frontier_key")
        if not key or self.state.failed:
            return
        with self.state.guard():
            if getattr(exception, "retry_later", False):
                self.state.recorder.defer(key, STRUCTURE)
                return
            permanent = isinstance(exception, IgnoreRequest)
            self.state.recorder.finish(key, STRUCTURE, changed=False, failed=True, permanent=permanent)
