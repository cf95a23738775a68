"""The crawl state's one owner: `state.db` opened once per crawl, every store built on that connection.

    EXTENSIONS = {"crawler.state.CrawlState": 0}

An extension that every component reaches through `CrawlState.of(crawler)`
(Scrapy's `crawler.get_extension`): the scheduler, the frontier middlewares, the
template, dedup and store stages. It opens the SQLite file on first use, closes it
once when the engine stops, records the run, and decides with
`crawler.scheduling.recorder.settles()` whether a dropped item's URL is done. It
also stops the crawl, with one line and a finish reason the `crawl` command turns
into an exit code, when no seed could be reached or the output cannot be written.

Not an adapter itself: adapters import it (and `crawler.config`), never each other.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.config import commit_group_config, output_path, revisit_config, store_config
from crawler.drops import Rejected
from crawler.scheduling.recorder import FrontierRecorder
from crawler.scheduling.revisit import RevisitConfig
from crawler.store.base import StateStore
from crawler.store.connection import CommitGroup, connect, durable_transaction, is_unwritable, transaction
from crawler.store.frontier_sqlite import SQLiteFrontier
from crawler.store.open import StoreConfig, open_store
from crawler.store.origins import SQLiteOriginStore
from crawler.store.robots import SQLiteRobotsStore
from crawler.store.runs import SQLiteRuns
from crawler.store.templates import SQLiteTemplateStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

LOGGER = logging.getLogger(__name__)
NO_SEED = "no_seed_reachable"  # finish reason: every seed failed, none answered
UNWRITABLE = "output_unwritable"  # finish reason: the database or a file could not be written


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlState:
    """Owns the crawl's SQLite connection and stores; settles dropped items; stops a crawl that cannot work."""

    def __init__(self, path: Path, store: StoreConfig, revisit: RevisitConfig, stats: StatsCollector,
                 commit_group: tuple[int, float] = (256, 0.05)) -> None:
        self.path = path
        self.commit_group = commit_group  # (size, delay): frontier writes that share one commit, at most that long
        self.store_config = store
        self.revisit = revisit
        self.stats = stats
        self.connections = 0  # SQLite connections opened (one per crawl)
        self.failed: str = ""  # the finish reason once the crawl cannot go on
        self.redirects: dict[str, list[str]] = {}  # frontier key -> URLs that redirect to its page for good
        self.on_store: list[Callable[[Any, bool], None]] = []  # called in the store's transaction: (item, stored)
        self.seeds = {"enqueued": 0, "reached": 0, "failed": 0}
        self._first_seed_error = ""
        self._run_id = 0
        self._close_spider: Callable[[str], None] = lambda reason: None
        self._stopping: Callable[[], bool] = lambda: False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        s = crawler.settings
        assert crawler.stats is not None
        state = cls(output_path(s, "STORE_SQLITE_PATH"), store_config(s), revisit_config(s), crawler.stats,
                    commit_group_config(s))

        def close_spider(reason: str) -> None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(crawler.engine.close_spider_async(reason=reason))

        def stopping() -> bool:
            try:
                return not crawler.engine.running
            except RuntimeError:  # no engine (a component test)
                return False

        state._close_spider, state._stopping = close_spider, stopping
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.close, signal=signals.engine_stopped)
        crawler.signals.connect(state.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(state.item_error, signal=signals.item_error)
        return state

    @staticmethod
    def of(crawler: Crawler) -> CrawlState:
        """The crawl's state owner; a clear error when the extension is off."""
        state = crawler.get_extension(CrawlState)
        if state is None:
            raise NotConfigured("the crawl state's owner is off: keep crawler.state.CrawlState in EXTENSIONS")
        return state

    @staticmethod
    def db_later(crawler: Crawler) -> Callable[[], sqlite3.Connection | None]:
        """The crawl state's connection, for the run's temporary tables (`crawler/store/runtable.py`), asked for at
        their first use (the spider is made before the extensions); None without the state's owner (tables in memory)."""

        def opened() -> sqlite3.Connection | None:
            state = crawler.get_extension(CrawlState)
            return state.db if state is not None else None

        return opened

    # --- The one connection and the stores on it ----------------------------------------------------------
    @cached_property
    def db(self) -> sqlite3.Connection:
        db = connect(self.path, durable=False)  # commits sync only when they must: see transaction(durable=True)
        self.connections += 1
        self.stats.set_value("state/connections", self.connections)
        return db

    @cached_property
    def group(self) -> CommitGroup:
        """The commit group of small writes: the frontier's push, pop and finish and the template stage's pages
        share commits (see docs/state.md)."""
        group = CommitGroup(self.db, *self.commit_group)
        group.on_open = self._commit_later
        return group

    @cached_property
    def frontier(self) -> SQLiteFrontier:
        return SQLiteFrontier(self.db, self.group)

    def _commit_later(self) -> bool:
        """A commit group opened: commit it after its delay (False without an event loop: it commits at once)."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        loop.call_later(self.group.delay, self.commit)
        return True

    def commit(self) -> None:
        """Commit the frontier's open group of writes, if any (its timer, a durable transaction, the close)."""
        if "group" in self.__dict__ and "db" in self.__dict__:
            with self.guard():
                self.group.commit()
                self.stats.set_value("state/frontier_commits", self.group.commits)

    @cached_property
    def store(self) -> StateStore:
        return open_store(self.store_config, self.db)

    @cached_property
    def templates(self) -> SQLiteTemplateStore:
        return SQLiteTemplateStore(self.db, self.group)

    @cached_property
    def origins(self) -> SQLiteOriginStore:
        return SQLiteOriginStore(self.db)

    @cached_property
    def robots(self) -> SQLiteRobotsStore:
        return SQLiteRobotsStore(self.db)

    @cached_property
    def runs(self) -> SQLiteRuns:
        return SQLiteRuns(self.db)

    @cached_property
    def recorder(self) -> FrontierRecorder:
        return FrontierRecorder(self.frontier, self.revisit, self.stats)

    @contextmanager
    def transaction(self, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction on the crawl's connection; the stores' writes inside it commit together.

        `durable`: synced to disk at commit, with every commit before it (the store stage's groups, before
        their lines are appended). Other commits are not synced one by one: a crash loses none of them,
        a power cut only the last ones, as if the crawl had stopped a moment earlier.
        """
        self.commit()  # the frontier's writes made so far commit first, on their own: this one is not joined to them
        with (durable_transaction if durable else transaction)(self.db) as db:
            yield db

    def close(self) -> None:
        """Engine stopped: the connection closes, once."""
        if "db" in self.__dict__:
            self.commit()
            self.db.close()
            del self.__dict__["db"]

    # --- The run ----------------------------------------------------------------------------------------------
    def spider_opened(self, spider: Any) -> None:
        with self.guard():
            self._run_id = self.runs.start(spider.name, _now())

    def spider_closed(self, reason: str) -> None:
        if self._run_id and not self.failed:
            with self.guard():
                self.runs.finish(self._run_id, _now(), reason, int(self.stats.get_value("articles/stored", 0)))

    # --- Dropped items: done or due again, decided in one place ---------------------------------------------
    def settle(self, item: Any, reason: str | None) -> bool:
        """Record an item's end on its URL (see `settles()`); True if the URL is done."""
        key = getattr(item, "frontier_key", "")
        self.redirects.pop(key, None)
        if self.failed:  # nothing more is written: the URL stays in flight, due again at the next start
            return False
        with self.guard():
            return self.recorder.settle(key, reason, self.stopping())
        return False

    def stopping(self) -> bool:
        """Whether the engine is stopping (a shutdown signal, a close): what ends now was cut short."""
        return self._stopping()

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        self.settle(item, exception.reason if isinstance(exception, Rejected) else "dropped/other")

    def item_error(self, item: Any, failure: Failure) -> None:
        self.settle(item, "error")

    # --- Stopping a crawl that cannot work ------------------------------------------------------------------
    def stop(self, reason: str, line: str) -> None:
        """Log the one line that says why, and close the spider with `reason` (once)."""
        if self.failed:
            return
        self.failed = reason
        LOGGER.error(line)
        self.stats.set_value("crawl/stopped", reason)
        self._close_spider(reason)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Around a write: an unwritable output stops the crawl (one line) and the error goes no further."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            if not is_unwritable(exc):
                raise
            self.unwritable(exc)

    def unwritable(self, exc: BaseException) -> None:
        """The output cannot be written: the crawl stops with one line."""
        self.stop(UNWRITABLE, f"output not writable ({exc}) under {self.path.parent}: the crawl stops;"
                              " free space or fix permissions, then run it again to resume")

    def seed(self, event: str, detail: str = "") -> None:
        """Count a seed "enqueued", "reached" or "failed"; when every enqueued seed failed, the crawl stops."""
        self.seeds[event] += 1
        self.stats.inc_value(f"seeds/{event}")
        if event == "failed" and not self._first_seed_error:
            self._first_seed_error = detail
        if self.seeds["reached"] == 0 and self.seeds["failed"] >= self.seeds["enqueued"] > 0:
            self.stop(NO_SEED, f"no seed could be reached: {self.seeds['failed']} of {self.seeds['enqueued']} failed"
                               f" (first: {self._first_seed_error})")
