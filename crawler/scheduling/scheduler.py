"""A Scrapy scheduler on the durable frontier: a crash loses nothing, a re-run fetches only what is due.

    SCHEDULER = "crawler.scheduling.scheduler.DurableScheduler"

Every request is kept in the crawl state as JSON (never pickled) before it is
handed out; handing it out marks it in flight; it is done once its response is
fully handled (`crawler.middlewares.frontier`) or its article settled
(`crawler.scheduling.recorder.settles`). On start, what was in flight or deferred
returns to pending. A URL already done is scheduled again only when due (see
`revisit.py`): seeds and robots.txt always, whatever their past failures; feeds,
sitemaps and hubs after their revisit interval; articles rarely or when a feed
or sitemap lists them as updated. The frontier lives on the crawl state owner's
connection (`crawler.state.CrawlState`).

Followed links (`meta["gated"]`, see `crawler.discovery.linkmerit`) are sent a few
at a time per host: handing one out takes a place in its host's window (the
spider's `merit`), which its answer frees. While a host's window is full its
followed links stay pending in the frontier, in their place, and other requests
go (`pop`'s closed gates): a link held back is as durable as any queued request.
A retry or redirect of a link sent (`meta["window"]`) takes no second place.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import request as request_module

from crawler.config import revisit_config
from crawler.discovery.linkmerit import LinkMerit, site_of
from crawler.scheduling.enginestate import busy_slots, engine_idle, stages_full
from crawler.scheduling.revisit import STRUCTURE, RevisitConfig, changed_by, is_due
from crawler.state import CrawlState
from crawler.store.frontier import DONE, FAILED, FrontierEntry, Outcome
from crawler.store.frontier_sqlite import SQLiteFrontier

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["DurableScheduler", "busy_slots", "decode_request", "encode_request", "engine_idle", "stages_full"]

LOGGER = logging.getLogger(__name__)
# Sources whose requests are fetched on every run: the crawl's entry points.
ALWAYS = {"seed", "robots"}
# Meta keys that are the engine's own bookkeeping, not worth keeping.
_TRANSIENT_META = {"download_slot", "download_latency", "_scheduler_slot", "frontier_key"}


def _method_name(spider: Spider, function: Any) -> Any:
    """A callback's name on the spider, as `Request.to_dict` finds it, without its walk of every member of the
    spider (`inspect.getmembers`: about 0.4 ms a request, twice per request)."""
    if not callable(function):
        return function
    name = getattr(function, "__name__", "")
    bound = getattr(spider, name, None) if name and getattr(function, "__self__", None) is spider else None
    if bound is not None and getattr(bound, "__func__", None) is getattr(function, "__func__", object()):
        return name
    return request_module._find_method(spider, function)  # anything else: Scrapy's own search (and its error)


def request_dict(request: Request, spider: Spider) -> dict[str, Any]:
    """`request.to_dict(spider=spider)`: the same keys, in the same order."""
    data: dict[str, Any] = {
        "url": request.url,
        "callback": _method_name(spider, request.callback),
        "errback": _method_name(spider, request.errback),
        "headers": dict(request.headers),
    }
    for attr in request.attributes:
        data.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        data["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return data


def encode_request(request: Request, spider: Spider) -> str:
    """The request as JSON: callbacks by name, headers as text, meta keys that JSON can hold."""
    data = request_dict(request, spider)
    data["headers"] = {
        k.decode("latin-1"): [v.decode("latin-1") for v in vs] for k, vs in request.headers.items()
    }
    data["body"] = request.body.decode("latin-1")
    meta = {}
    for key, value in request.meta.items():
        if key in _TRANSIENT_META:
            continue
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        meta[key] = value
    data["meta"] = meta
    return json.dumps(data, ensure_ascii=False)


def decode_request(text: str, spider: Spider) -> Request:
    """The Request back from its JSON form."""
    from scrapy.utils.request import request_from_dict

    data = json.loads(text)
    data["body"] = data["body"].encode("latin-1")
    return request_from_dict(data, spider=spider)


def _waits_for_window(request: Request) -> bool:
    """A followed link not sent yet (a retry or redirect of one sent holds its place already)."""
    return bool(request.meta.get("gated")) and not request.meta.get("window")


def _window_url(request: Request) -> str:
    """The URL whose answer frees the place: the link's own (a redirect's request keeps it in `frontier_url`)."""
    return str(request.meta.get("frontier_url") or request.url)


def listed_change(request: Request) -> float | None:
    """The latest instant a feed or sitemap says the page may have changed (epoch seconds), if it said."""
    hints = request.cb_kwargs.get("hints") or {}
    value = hints.get("updated") or hints.get("published")
    return changed_by(value) if isinstance(value, str) else None


class DurableScheduler:
    """BaseScheduler on a FrontierStore; priorities as Scrapy's (higher first), FIFO among equals."""

    def __init__(
        self, state: CrawlState, stats: StatsCollector, fingerprinter: Any, max_attempts: int = 3,
        revisit: RevisitConfig | None = None,
    ) -> None:
        self.state = state
        self.revisit = revisit or RevisitConfig()
        self.stats = stats
        self.fingerprinter = fingerprinter
        self.max_attempts = max_attempts
        self.store: SQLiteFrontier | None = None
        self.spider: Spider | None = None
        self.started = time.time()
        self.busy_hosts: Callable[[], Collection[str]] = frozenset
        self.last_served: dict[str, float] | None = None  # host -> when it was last handed a request (host-aware)
        self.fair_band = 0
        self.idle: Callable[[], bool] = lambda: True  # whether no answer is to come (the engine's, in a crawl)
        self.stages_full: Callable[[], bool] = lambda: False  # whether the stages hold all the responses they may

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DurableScheduler:
        assert crawler.stats is not None
        s = crawler.settings
        scheduler = cls(
            CrawlState.of(crawler), crawler.stats, crawler.request_fingerprinter,
            s.getint("FRONTIER_MAX_ATTEMPTS"), revisit_config(s),
        )
        if s.getbool("FRONTIER_HOST_AWARE", True):
            scheduler.busy_hosts = lambda: busy_slots(crawler)
            scheduler.last_served, scheduler.fair_band = {}, s.getint("FRONTIER_FAIR_BAND", 50)
        scheduler.idle = lambda: engine_idle(crawler)
        limit = s.getint("FRONTIER_MAX_IN_STAGES", 0)
        scheduler.stages_full = lambda: stages_full(crawler, limit)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.started = time.time()
        with self.state.guard():
            self.store = self.state.frontier
            recovered = self.store.recover(self.max_attempts)
            if recovered:
                LOGGER.info("frontier: %d requests were in flight or deferred when the last run stopped; queued again",
                            recovered)
            self.stats.set_value("frontier/recovered", recovered)
            self.stats.set_value("frontier/pending_at_start", self.store.count("pending"))

    def close(self, reason: str) -> None:
        if self.store is None:
            return
        with self.state.guard():
            if reason == "finished":
                self.stats.set_value("frontier/failed_at_finish", self.store.fail_in_flight())
            self.stats.set_value("frontier/pending_at_close", self.store.count("pending"))

    def has_pending_requests(self) -> bool:
        return self.store is not None and not self.state.failed and self.store.count("pending") > 0

    def _skip(self, why: str) -> bool:
        self.stats.inc_value(f"frontier/skipped/{why}")
        return False

    def enqueue_request(self, request: Request) -> bool:
        if self.store is None or self.state.failed:
            return False
        with self.state.guard():
            return self._enqueue(request)
        return False

    def _enqueue(self, request: Request) -> bool:
        assert self.store is not None and self.spider is not None
        key = self.fingerprinter.fingerprint(request).hex()
        previous = request.meta.get("frontier_key")
        if previous and previous != key:
            # A redirect (or another request made from an in-flight one): the first URL led here.
            interval = self.revisit.structure_interval
            self.store.finish(previous, Outcome(DONE, STRUCTURE, time.time() + interval, interval))
            self.stats.inc_value("frontier/redirected")
        visit = self.store.visit(key)
        source = request.cb_kwargs.get("source", "")
        if source == "seed" and not request.meta.get("retry_times") and not request.meta.get("redirect_times"):
            self.state.seed("enqueued")  # queued now or still pending from an earlier run: it will be fetched
        if visit is not None and not request.dont_filter:
            if visit.status not in (DONE, FAILED):
                return self._skip("queued")
            if visit.fetched_at >= self.started:
                return self._skip("this_run")
            if visit.status == FAILED and visit.attempts >= self.max_attempts and source not in ALWAYS:
                return self._skip("failed")
            if source not in ALWAYS and visit.status == DONE:
                if not is_due(time.time(), visit.next_visit, listed_change(request), visit.fetched_at):
                    return self._skip("not_due")
            self.stats.inc_value("frontier/revisits")
        gate = site_of(_window_url(request)) if self._merit() and _waits_for_window(request) else ""
        entry = FrontierEntry(key, request.url, request.priority, encode_request(request, self.spider), gate)
        self.store.push(entry)
        self.stats.inc_value("frontier/enqueued")
        return True

    def next_request(self) -> Request | None:
        if self.store is None or self.state.failed:
            return None
        if self.stages_full():  # asked again when a response leaves the stages (the engine's next call)
            self.stats.inc_value("frontier/waits/stages_full")
            return None
        with self.state.guard():
            return self._next()
        return None

    def _merit(self) -> LinkMerit | None:
        """The spider's link merit, which keeps the hosts' windows (None: a spider without one, no window)."""
        merit = getattr(self.spider, "merit", None)
        return merit if isinstance(merit, LinkMerit) else None

    def _next(self) -> Request | None:
        """The best pending request of a host whose slot has room, hosts taking turns within a band: many hosts at once.

        A followed link of a host whose window is full is passed over (it stays pending); if nothing is left but
        such links while no answer is to come, an answer was lost: the windows are emptied.
        """
        assert self.store is not None and self.spider is not None
        merit = self._merit()
        closed = merit.full_sites() if merit else set()
        entry = self.store.pop(self.busy_hosts(), self.last_served, self.fair_band, closed)
        if entry is None and closed and self.idle() and self.store.count("pending"):
            self.stats.inc_value("links/window/unstuck", merit.release_all() if merit else 0)
            entry = self.store.pop(self.busy_hosts(), self.last_served, self.fair_band)
        if entry is None:
            if self.store.count("pending"):
                self.stats.inc_value("frontier/waits/all_hosts_busy")
            return None
        if self.last_served is not None:
            self.last_served[urlsplit(entry.url).hostname or ""] = time.monotonic()
        request = decode_request(entry.request_json, self.spider)
        request.meta["frontier_key"] = entry.key
        if merit and _waits_for_window(request) and merit.explorable(request.url):
            merit.send(_window_url(request))  # a place until its answer
            request.meta["window"] = True
            self.stats.inc_value("links/window/sent")
        self.stats.inc_value("frontier/dequeued")
        return request

    def __len__(self) -> int:
        return 0 if self.store is None or self.state.failed else self.store.count("pending")
