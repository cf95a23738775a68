"""The crawl state's one owner, the one rule of "done", grouped exactly-once writes, and exit codes."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, signals
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.commands.crawl import EXIT_NO_SEED, EXIT_UNWRITABLE, exit_code
from crawler.drops import Rejected
from crawler.items import Article
from crawler.middlewares.frontier import ConditionalGetMiddleware, FrontierDoneMiddleware, FrontierFailureMiddleware
from crawler.pipelines.dedup import DedupPipeline
from crawler.pipelines.store import StorePipeline
from crawler.pipelines.templates import TemplatePipeline
from crawler.scheduling.recorder import FrontierRecorder, settles
from crawler.scheduling.revisit import RevisitConfig
from crawler.scheduling.scheduler import DurableScheduler
from crawler.spiders.topic import TopicSpider
from crawler.state import NO_SEED, UNWRITABLE, CrawlState
from crawler.store.frontier import DEFERRED, DONE, FAILED, IN_FLIGHT, PENDING, FrontierEntry, Outcome
from crawler.store.frontier_sqlite import SQLiteFrontier

BASE = "http://127.0.0.1:8001"
WORDS = [f"{a}{b}" for a in ("har", "dre", "cou", "vot", "pla", "riv", "bri", "sch", "tax", "rai") for b in
         ("bour", "dging", "ncil", "ing", "nned", "ers", "dge", "ool", "ation", "lway", "mond", "ston")]


def crawler_for(tmp_path: Path, **extra: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), **extra)
    crawler = get_crawler(TopicSpider, settings_dict=values)
    crawler.stats.open_spider()
    return crawler


def article(n: int, key: str = "") -> Article:
    words = random.Random(n).sample(WORDS, 60)
    text = " ".join(words) + "."
    return Article(url=f"https://a.org/{n}", canonical_url=f"https://a.org/{n}", title=f"Story {n}", text=text,
                   language="en", published=None, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00",
                   frontier_key=key)


def in_flight(frontier: SQLiteFrontier, key: str) -> None:
    frontier.push(FrontierEntry(key, f"{BASE}/{key}", 0, "{}"))
    while (entry := frontier.pop()) is not None and entry.key != key:
        pass


def test_one_owner_one_connection_one_recorder(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    state = CrawlState.of(crawler)
    components = [
        DurableScheduler.from_crawler(crawler), FrontierDoneMiddleware.from_crawler(crawler),
        ConditionalGetMiddleware.from_crawler(crawler), FrontierFailureMiddleware.from_crawler(crawler),
        DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler), TemplatePipeline.from_crawler(crawler),
    ]
    assert all(c.state is state for c in components)
    components[0].open(crawler._create_spider(urls=f"{BASE}/"))  # type: ignore[attr-defined]
    for stage in components[4:]:
        stage.open_spider()  # type: ignore[attr-defined]
    state.spider_opened(crawler.spider or TopicSpider(urls=f"{BASE}/"))
    assert state.connections == 1 and state.recorder is state.recorder
    assert state.frontier._db is state.db and state.templates._db is state.db and state.runs._db is state.db
    state.close()
    assert "db" not in state.__dict__


def test_the_state_owner_is_required(tmp_path: Path) -> None:
    from scrapy.exceptions import NotConfigured

    crawler = crawler_for(tmp_path, EXTENSIONS={"crawler.state.CrawlState": None})
    with pytest.raises(NotConfigured, match="CrawlState"):
        StorePipeline.from_crawler(crawler)


@pytest.mark.parametrize(
    ("reason", "stopping", "done"),
    [
        (None, False, True), ("offtopic", False, True), ("duplicate/near", False, True), ("invalid/too_short", False, True),
        ("extract/empty", False, True), ("extract/timeout", False, True), ("extract/timeout", True, False),
        ("extract/crashed", False, False), ("extract/crashed", True, False), ("extract/closed", True, False),
        ("store/unwritable", False, False), ("error", False, False),
    ],
)
def test_done_is_decided_from_the_outcome(reason: str | None, stopping: bool, done: bool) -> None:
    assert settles(reason, stopping) is done


def test_a_drop_of_this_run_leaves_the_url_due_at_the_next_start(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    state = CrawlState.of(crawler)
    for key in ("crashed", "offtopic", "failed-item"):
        in_flight(state.frontier, key)
    send = crawler.signals.send_catch_log
    send(signals.item_dropped, item=article(1, "crashed"), response=None, spider=None,
         exception=Rejected("extract/crashed", "worker died"))
    send(signals.item_dropped, item=article(2, "offtopic"), response=None, spider=None, exception=Rejected("offtopic"))
    send(signals.item_error, item=article(3, "failed-item"), response=None, spider=None, failure=None)
    status = {k: state.frontier.visit(k).status for k in ("crashed", "offtopic", "failed-item")}  # type: ignore[union-attr]
    assert status == {"crashed": DEFERRED, "offtopic": DONE, "failed-item": DEFERRED}
    assert state.frontier.pop() is None  # deferred: not again in this run
    assert SQLiteFrontier(tmp_path / "state.db").recover(max_attempts=3) == 2  # the next start
    again = SQLiteFrontier(tmp_path / "state.db")
    assert {again.pop().key, again.pop().key} == {"crashed", "failed-item"}  # type: ignore[union-attr]


def test_attempts_count_runs_not_retries_and_give_up_after_the_limit(tmp_path: Path) -> None:
    run = SQLiteFrontier(tmp_path / "state.db")
    for _ in range(3):  # a request retried twice within one run
        in_flight(run, "k")
    run.finish("k", Outcome(DEFERRED, "article", 0, 0))
    assert run.visit("k").attempts == 1  # type: ignore[union-attr]
    for attempt in (2, 3):  # two more runs that end the same way
        later = SQLiteFrontier(tmp_path / "state.db")
        later.recover(max_attempts=3)
        assert later.pop().key == "k"  # type: ignore[union-attr]
        later.finish("k", Outcome(DEFERRED, "article", 0, 0))
        assert later.visit("k").attempts == attempt  # type: ignore[union-attr]
    last = SQLiteFrontier(tmp_path / "state.db")
    assert last.recover(max_attempts=3) == 0 and last.visit("k").status == FAILED  # type: ignore[union-attr]


def test_runs_stopped_or_killed_under_a_url_charge_no_attempt(tmp_path: Path) -> None:
    """A URL in flight at every kill, or deferred by every shutdown, is still fetched by the next run: a crash
    is no failure of the URL. Its first success clears what real failures it had."""
    first = SQLiteFrontier(tmp_path / "state.db")
    first.push(FrontierEntry("k", f"{BASE}/a", 0, "{}"))
    first.finish("k", Outcome(FAILED, "article", 0, 0))  # one real failure
    first.push(FrontierEntry("k", f"{BASE}/a", 0, "{}"))
    for _ in range(5):
        run = SQLiteFrontier(tmp_path / "state.db")
        run.recover(max_attempts=3)
        assert run.pop().key == "k"  # type: ignore[union-attr]  # then the process is killed
    for _ in range(5):
        run = SQLiteFrontier(tmp_path / "state.db")
        run.recover(max_attempts=3)
        assert run.pop().key == "k"  # type: ignore[union-attr]
        FrontierRecorder(run, RevisitConfig(), crawler_for(tmp_path).stats).settle("k", "extract/closed", stopping=True)
        assert run.visit("k").status == DEFERRED  # type: ignore[union-attr]
    last = SQLiteFrontier(tmp_path / "state.db")
    assert last.recover(max_attempts=3) == 1 and last.visit("k").attempts == 1  # type: ignore[union-attr]
    assert last.pop().key == "k"  # type: ignore[union-attr]
    last.finish("k", Outcome(DONE, "article", 0, 0))
    assert last.visit("k").attempts == 0  # type: ignore[union-attr]


def test_seeds_are_fetched_whatever_their_past_failures_and_retry_failed_keeps_done(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    scheduler = DurableScheduler.from_crawler(crawler)
    spider = crawler._create_spider(urls=f"{BASE}/")
    scheduler.open(spider)
    seed = Request(f"{BASE}/", callback=spider.parse, cb_kwargs={"source": "seed", "hints": {}})
    link = Request(f"{BASE}/story", callback=spider.parse, cb_kwargs={"source": "link", "hints": {}})
    assert scheduler.enqueue_request(seed) and scheduler.enqueue_request(link)
    for _ in range(2):
        popped = scheduler.next_request()
        assert popped is not None
        scheduler.store.finish(popped.meta["frontier_key"], Outcome(FAILED, "structure", 0, 0, permanent=True))  # type: ignore[union-attr]
    scheduler.started = time.time() + 1  # a later run
    assert scheduler.enqueue_request(seed)  # a seed, however often it failed
    assert not scheduler.enqueue_request(link) and crawler.stats.get_value("frontier/skipped/failed") == 1
    frontier = scheduler.store
    assert frontier is not None
    in_flight(frontier, "done-one")
    frontier.finish("done-one", Outcome(DONE, "article", 4e9, 1e6))
    assert frontier.retry_failed() == 1  # the link; the seed is pending already
    assert frontier.visit("done-one").status == DONE  # type: ignore[union-attr]
    assert frontier.visit(crawler.request_fingerprinter.fingerprint(link).hex()).status == PENDING  # type: ignore[union-attr]


def store_stage(tmp_path: Path, **extra: Any) -> tuple[Any, CrawlState, DedupPipeline, StorePipeline]:
    crawler = crawler_for(tmp_path, **extra)
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    return crawler, CrawlState.of(crawler), dedup, store


def test_items_finishing_together_commit_as_one_group_exactly_once(tmp_path: Path) -> None:
    crawler, state, dedup, store = store_stage(tmp_path, STORE_GROUP_SIZE=5, STORE_GROUP_DELAY=0.05)
    keys = [f"page{n}" for n in range(7)]
    for key in keys:
        in_flight(state.frontier, key)
    items = [dedup.process_item(article(n, keys[n])) for n in range(7)]

    async def all_items() -> list[Any]:
        return list(await asyncio.gather(*(store.process_item(item) for item in items)))

    assert asyncio.run(all_items()) == items
    assert crawler.stats.get_value("store/groups") == 2 and crawler.stats.get_value("articles/stored") == 7  # 5 + 2
    assert all(state.frontier.visit(k).status == DONE for k in keys)  # type: ignore[union-attr]
    assert state.store.count_fingerprints() == 7 and state.store.count_articles() == 7
    store.close_spider()
    assert state.frontier.unwritten() == [] and state.frontier.unindexed() == []
    lines = (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()
    assert sorted(json.loads(x)["url"] for x in lines) == sorted(i.url for i in items)


def test_a_full_disk_stops_the_crawl_and_the_next_start_writes_each_line_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler, state, dedup, store = store_stage(tmp_path)
    closed: list[str] = []
    state._close_spider = closed.append
    in_flight(state.frontier, "p1")
    first = dedup.process_item(article(1, "p1"))
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)

    async def one() -> Any:
        return await store.process_item(first)

    with pytest.raises(Rejected, match="store/unwritable"):
        asyncio.run(one())
    monkeypatch.setattr(os, "write", real_write)
    assert closed == [UNWRITABLE] and state.failed == UNWRITABLE
    assert crawler.stats.get_value("crawl/stopped") == UNWRITABLE
    store.close_spider()
    _, _, _, again = store_stage(tmp_path)  # space is back: the next start
    again.close_spider()
    _, _, _, third = store_stage(tmp_path)
    third.close_spider()
    lines = (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x)["url"] for x in lines] == ["https://a.org/1"]


def test_an_unwritable_database_is_reported_once_and_stops(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    state = CrawlState.of(crawler)
    closed: list[str] = []
    state._close_spider = closed.append
    for _ in range(3):
        with state.guard():
            raise sqlite3.OperationalError("database or disk is full")
    assert closed == [UNWRITABLE]
    with pytest.raises(sqlite3.OperationalError, match="no such table"), state.guard():
        raise sqlite3.OperationalError("no such table: x")  # a bug is not a full disk


def test_when_every_seed_failed_the_crawl_stops_with_its_reason(tmp_path: Path) -> None:
    state = CrawlState.of(crawler_for(tmp_path))
    closed: list[str] = []
    state._close_spider = closed.append
    state.seed("enqueued")
    state.seed("enqueued")
    state.seed("failed", "http://127.0.0.1:9/: ConnectionRefusedError")
    assert closed == []
    state.seed("failed", "http://127.0.0.1:10/: ConnectionRefusedError")
    assert closed == [NO_SEED]
    reached = CrawlState.of(crawler_for(tmp_path / "b"))
    reached._close_spider = closed.append
    reached.seed("enqueued")
    reached.seed("enqueued")
    reached.seed("reached")
    reached.seed("failed", "x")
    assert closed == [NO_SEED]


def test_exit_codes() -> None:
    assert exit_code("finished") == 0 and exit_code("closespider_itemcount") == 0
    assert exit_code("shutdown", 2) == 130 and exit_code("shutdown", 15) == 143 and exit_code(None, 15) == 143
    assert exit_code(NO_SEED) == EXIT_NO_SEED and exit_code(UNWRITABLE) == EXIT_UNWRITABLE
    assert exit_code("cancelled") == 1 and exit_code(None) == 1


def test_state_check_reports_a_corrupt_or_foreign_file_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    corrupt, foreign = tmp_path / "corrupt", tmp_path / "foreign"
    corrupt.mkdir()
    foreign.mkdir()
    (corrupt / "state.db").write_bytes(b"this is not SQLite at all" * 100)
    with sqlite3.connect(foreign / "state.db") as db:
        db.execute("CREATE TABLE invoices (n INTEGER)")
    for folder, words in ((corrupt, "not a readable crawl state"), (foreign, "not a crawl state")):
        done = subprocess.run([sys.executable, "-m", "scrapy", "state", "--check", "-s", f"OUTPUT_DIR={folder}"],
                              cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert len(done.stdout.strip().splitlines()) == 1 and words in done.stdout and not done.stderr.strip()
    with sqlite3.connect(foreign / "state.db") as db:  # left untouched
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_in_flight_statuses() -> None:
    assert {PENDING, IN_FLIGHT, DEFERRED, DONE, FAILED} == {"pending", "in_flight", "deferred", "done", "failed"}


def test_only_the_store_groups_commit_with_a_sync(tmp_path: Path) -> None:
    state = CrawlState.of(crawler_for(tmp_path))
    synchronous = lambda: state.db.execute("PRAGMA synchronous").fetchone()[0]  # noqa: E731
    assert synchronous() == 1  # NORMAL: a crash loses no commit, a power cut only the last ones
    with state.transaction(durable=True):
        assert synchronous() == 2  # FULL: on disk before the group's lines are appended
    assert synchronous() == 1


def test_a_request_refused_for_this_run_only_stays_due(tmp_path: Path) -> None:
    from scrapy.exceptions import IgnoreRequest

    class SetAside(IgnoreRequest):
        retry_later = True

    crawler = crawler_for(tmp_path)
    state = CrawlState.of(crawler)
    middleware = FrontierFailureMiddleware.from_crawler(crawler)
    for key in ("aside", "robots-forbids"):
        in_flight(state.frontier, key)
    middleware.process_exception(Request(f"{BASE}/a", meta={"frontier_key": "aside"}), SetAside("host set aside"))
    middleware.process_exception(Request(f"{BASE}/b", meta={"frontier_key": "robots-forbids"}), IgnoreRequest("no"))
    aside, forbidden = state.frontier.visit("aside"), state.frontier.visit("robots-forbids")
    assert aside is not None and aside.status == DEFERRED
    assert forbidden is not None and forbidden.status == FAILED and forbidden.attempts > 3
