"""Marking frontier entries done, and asking servers only for what changed.

`FrontierDoneMiddleware` (spider middleware): once a response's callback output
is fully consumed and every request it yielded has gone through the scheduler
(its links are in the durable frontier, in writes made before the done mark: see
docs/state.md), the request is done; a response that produced a `Page` hands the
Page on only then, and is settled when its article is stored or dropped
(`crawler.scheduling.recorder.settles`, applied by the crawl state's owner and
the store stage). `ConditionalGetMiddleware` (downloader middleware): a
revisit sends `If-None-Match` / `If-Modified-Since` from the last fetch; a 304 is
done with nothing more to do. `FrontierFailureMiddleware` (outermost downloader
middleware): a request that ends in an exception failed; it also tells the crawl
state whether each seed was reached. All of them use the one `FrontierRecorder`
of `crawler.state.CrawlState`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals

from crawler.items import Page
from crawler.scheduling.recorder import FrontierRecorder
from crawler.scheduling.revisit import STRUCTURE
from crawler.state import CrawlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

LOGGER = logging.getLogger(__name__)
# How long a response's end waits for the requests it yielded to reach the scheduler (s); then it stays in flight.
SCHEDULED_WAIT = 30.0
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


class _Children:
    """The requests a response yielded that have not reached the scheduler yet."""

    def __init__(self) -> None:
        self.left: dict[int, Request] = {}
        self.done: asyncio.Future[None] | None = None


class FrontierDoneMiddleware:
    """Spider middleware: a response fully handled, its requests all scheduled, is done (a Page is settled later).

    Scrapy hands a callback's output to CONCURRENT_ITEMS workers through a queue: the output can be consumed
    before its last requests are scheduled. The done mark (and the Page, whose end marks its URL done) waits
    until every request yielded has passed the engine's `request_scheduled`, so in the frontier's writes a page
    is never done before the links found on it are queued.
    """

    def __init__(self, state: CrawlState, wait: float = SCHEDULED_WAIT) -> None:
        self.state = state
        self.wait = wait
        self._parents: dict[int, _Children] = {}  # id(request) -> the children set it belongs to

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDoneMiddleware:
        middleware = cls(CrawlState.of(crawler))
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        return middleware

    def request_scheduled(self, request: Request) -> None:
        """The engine is scheduling this request (the scheduler's push follows in the same call)."""
        children = self._parents.pop(id(request), None)
        if children is None or children.left.pop(id(request), None) is None:
            return
        if not children.left and children.done is not None and not children.done.done():
            children.done.get_loop().call_soon(children.done.set_result, None)  # after the push

    async def _all_scheduled(self, children: _Children) -> bool:
        """Wait until every request in `children` was scheduled; False after `wait` seconds (they stay unknown)."""
        if not children.left:
            return True
        children.done = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait_for(asyncio.shield(children.done), self.wait)
            return True
        except TimeoutError:
            for key in children.left:
                self._parents.pop(key, None)
            self.state.stats.inc_value("frontier/unscheduled_children")
            return False

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        key = response.request.meta.get("frontier_key") if response.request else None
        children = _Children()
        pages: list[Page] = []
        async for item in result:
            if response.status == 304:
                continue  # not modified: nothing new behind it
            if isinstance(item, Page) and key:
                item.frontier_key = key
                aliases = permanent_aliases(response)
                if aliases:  # the dedup stage records them with the article's fingerprints
                    self.state.redirects[key] = aliases
                pages.append(item)  # handed on once the page's links are scheduled: its end marks it done
                continue
            if isinstance(item, Request) and key:
                children.left[id(item)] = item
                self._parents[id(item)] = children
            yield item
        scheduled = await self._all_scheduled(children)
        for page in pages:
            yield page
        if key and not pages and scheduled and not self.state.failed:
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
    again, up to FRONTIER_MAX_ATTEMPTS runs (seeds and robots.txt on every run). A
    download cut short by the crawl's stop is due again too, and charges no attempt.
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
            stopping = self.state.stopping()  # a download cut by the crawl's stop is no failure of the URL
            if getattr(exception, "retry_later", False) or stopping:  # due again at the next start
                self.state.recorder.defer(key, STRUCTURE, interrupted=stopping)
                return
            permanent = isinstance(exception, IgnoreRequest)
            self.state.recorder.finish(key, STRUCTURE, changed=False, failed=True, permanent=permanent)
