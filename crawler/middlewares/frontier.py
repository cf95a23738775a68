"""Marking frontier entries done, and asking servers only for what changed.

`FrontierDoneMiddleware` (spider middleware): once a response's callback output
is fully consumed (its links are in the durable frontier), the request is done;
a response that produced a `Page` is done when its article is stored or dropped
(by the store stage or the reject log, in the same step). `ConditionalGetMiddleware`
(downloader middleware): a revisit sends `If-None-Match` / `If-Modified-Since`
from the last fetch; a 304 is done with nothing more to do.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from crawler.items import Page
from crawler.pipelines.config import output_path, revisit_config
from crawler.scheduling.revisit import ARTICLE, STRUCTURE, RevisitConfig, next_interval
from crawler.store.frontier import DONE, FAILED, Outcome
from crawler.store.frontier_sqlite import SQLiteFrontier

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector


# Client errors that a later run may see go away.
_RETRYABLE = {408, 425, 429}


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class FrontierRecorder:
    """Finishes frontier entries with the revisit policy; shared by the middlewares and stages."""

    def __init__(self, path: Path, config: RevisitConfig, stats: StatsCollector) -> None:
        self.path = path
        self.config = config
        self.stats = stats
        self.store: SQLiteFrontier | None = None

    @classmethod
    def for_crawl(cls, crawler: Crawler) -> FrontierRecorder:
        """A recorder for this crawl, closed when the spider closes."""
        from scrapy import signals

        assert crawler.stats is not None
        recorder = cls(output_path(crawler.settings, "STORE_SQLITE_PATH"), revisit_config(crawler.settings), crawler.stats)
        crawler.signals.connect(recorder.close, signal=signals.spider_closed)
        return recorder

    def open(self) -> SQLiteFrontier:
        if self.store is None:
            self.store = SQLiteFrontier(self.path)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def finish(
        self, key: str, kind: str, changed: bool, response: Response | None = None, failed: bool = False,
        permanent: bool = False,
    ) -> None:
        """Record a fetch's end; a 200 whose body hashes as last time counts as unchanged."""
        store = self.open()
        visit = store.visit(key)
        digest = None
        if response is not None and response.status == 200:
            digest = hashlib.blake2b(response.body, digest_size=16).hexdigest()
            changed = changed and not (visit is not None and visit.body_hash == digest)
        interval = next_interval(kind, changed, visit.interval if visit else 0.0, self.config)
        store.finish(
            key,
            Outcome(
                status=FAILED if failed else DONE,
                kind=kind,
                next_visit=time.time() + interval,
                interval=interval,
                etag=_header(response, "ETag") if response is not None else None,
                last_modified=_header(response, "Last-Modified") if response is not None else None,
                permanent=permanent,
                body_hash=digest,
            ),
        )
        self.stats.inc_value(f"frontier/{'failed' if failed else 'done'}/{kind}")
        if not changed and not failed:
            self.stats.inc_value("frontier/unchanged")

    def article_outcome(self) -> Outcome:
        """How an article page's fetch ends: done, due again after the article interval."""
        interval = next_interval(ARTICLE, True, 0.0, self.config)
        self.stats.inc_value("frontier/done/article")
        return Outcome(DONE, ARTICLE, time.time() + interval, interval)

    def finish_article(self, key: str) -> None:
        """An article page whose item reached its end (stored or dropped)."""
        if key:
            self.open().finish(key, self.article_outcome())


class FrontierDoneMiddleware:
    """Spider middleware: a response fully handled is done (its Page, if any, finishes it later)."""

    def __init__(self, recorder: FrontierRecorder) -> None:
        self.recorder = recorder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDoneMiddleware:
        return cls(FrontierRecorder.for_crawl(crawler))

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        key = response.request.meta.get("frontier_key") if response.request else None
        produced_page = False
        async for item in result:
            if response.status == 304:
                continue  # not modified: nothing new behind it
            if isinstance(item, Page) and key:
                item.frontier_key = key
                produced_page = True
            yield item
        if key and not produced_page:
            failed = response.status >= 400
            permanent = failed and response.status < 500 and response.status not in _RETRYABLE
            self.recorder.finish(
                key, STRUCTURE, changed=response.status != 304, response=response, failed=failed, permanent=permanent
            )


class ConditionalGetMiddleware:
    """Downloader middleware: revisits carry the last fetch's validators."""

    def __init__(self, recorder: FrontierRecorder) -> None:
        self.recorder = recorder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(FrontierRecorder.for_crawl(crawler))

    def process_request(self, request: Request) -> None:
        key = request.meta.get("frontier_key")
        if not key:
            return
        visit = self.recorder.open().visit(key)
        if visit is None:
            return
        if visit.etag:
            request.headers.setdefault("If-None-Match", visit.etag)
        if visit.last_modified:
            request.headers.setdefault("If-Modified-Since", visit.last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304:
            self.recorder.stats.inc_value("frontier/not_modified")
        return response


class FrontierFailureMiddleware:
    """Downloader middleware (outermost): a request that ends in an exception, retries spent, failed.

    A request that robots.txt, the offsite filter or a budget refuses (IgnoreRequest)
    will be refused again: a permanent failure. Network errors may pass: a later
    run tries again, up to FRONTIER_MAX_ATTEMPTS.
    """

    def __init__(self, recorder: FrontierRecorder) -> None:
        self.recorder = recorder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierFailureMiddleware:
        return cls(FrontierRecorder.for_crawl(crawler))

    def process_exception(self, request: Request, exception: BaseException) -> None:
        from scrapy.exceptions import IgnoreRequest

        key = request.meta.get("frontier_key")
        if key:
            # A refusal with `retry_later` (robots.txt unavailable, host set aside) stays due for the next run.
            permanent = isinstance(exception, IgnoreRequest) and not getattr(exception, "retry_later", False)
            self.recorder.finish(key, STRUCTURE, changed=False, failed=True, permanent=permanent)
