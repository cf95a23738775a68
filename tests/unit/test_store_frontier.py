"""The FrontierStore contract, run against every backend."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.store.frontier import DONE, FAILED, IN_FLIGHT, PENDING, FrontierEntry, FrontierStore, Outcome
from crawler.store.frontier_sqlite import SQLiteFrontier


def entry(n: int, priority: int = 0) -> FrontierEntry:
    return FrontierEntry(f"k{n}", f"http://a.org/{n}", priority, f'{{"url": "http://a.org/{n}"}}')


@pytest.fixture(params=["sqlite"])
def frontier(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FrontierStore]:
    store = SQLiteFrontier(tmp_path / "state.db")
    yield store
    store.close()


def test_pop_takes_the_highest_priority_then_the_oldest(frontier: FrontierStore) -> None:
    for n, priority in [(1, 0), (2, 10), (3, 0), (4, 10)]:
        frontier.push(entry(n, priority))
    order = [popped.key for popped in iter(frontier.pop, None)]
    assert order == ["k2", "k4", "k1", "k3"]
    assert frontier.count(IN_FLIGHT) == 4 and frontier.count(PENDING) == 0


def test_in_flight_goes_back_to_pending_on_recover(frontier: FrontierStore) -> None:
    frontier.push(entry(1))
    frontier.push(entry(2))
    assert frontier.pop() is not None
    assert frontier.recover() == 1
    assert frontier.count(PENDING) == 2


def test_finish_records_the_visit(frontier: FrontierStore) -> None:
    frontier.push(entry(1))
    frontier.pop()
    frontier.finish("k1", Outcome(DONE, "structure", time.time() + 60, 60.0, etag='"v1"', last_modified="Mon"))
    visit = frontier.visit("k1")
    assert visit is not None and visit.status == DONE and visit.etag == '"v1"' and visit.attempts == 0
    assert visit.fetched_at > 0 and visit.interval == 60.0
    assert frontier.visit("nope") is None


def test_a_permanent_failure_is_never_retried(frontier: FrontierStore) -> None:
    frontier.push(entry(1))
    frontier.pop()
    frontier.finish("k1", Outcome(FAILED, "structure", 0.0, 0.0, permanent=True))
    visit = frontier.visit("k1")
    assert visit is not None and visit.status == FAILED and visit.attempts >= 1_000_000


def test_pushing_again_requeues(frontier: FrontierStore) -> None:
    frontier.push(entry(1))
    frontier.pop()
    frontier.finish("k1", Outcome(DONE, "article", 0.0, 0.0))
    frontier.push(entry(1, 5))
    assert frontier.count(PENDING) == 1 and frontier.count(DONE) == 0


def test_fail_in_flight_at_the_end_of_a_finished_run(frontier: FrontierStore) -> None:
    frontier.push(entry(1))
    frontier.pop()
    assert frontier.fail_in_flight() == 1 and frontier.count(FAILED) == 1


def test_the_queue_survives_reopening(tmp_path: Path) -> None:
    first = SQLiteFrontier(tmp_path / "state.db")
    for n in range(3):
        first.push(entry(n))
    first.pop()
    first.close()
    again = SQLiteFrontier(tmp_path / "state.db")
    assert again.recover() == 1 and again.count(PENDING) == 3
    again.push(entry(9))
    assert [e.key for e in iter(again.pop, None)][-1] == "k9"  # sequence numbers continue
    again.close()


def test_pending_on_tells_whether_more_of_a_site_is_to_come(frontier: FrontierStore) -> None:
    frontier.push(FrontierEntry("a1", "http://a.org/1", 0, '{"url": "http://a.org/1"}'))
    frontier.push(FrontierEntry("b1", "http://a.org:8080/1", 0, '{"url": "http://a.org:8080/1"}'))
    assert frontier.pending_on("http://a.org") and frontier.pending_on("http://a.org:8080")
    assert not frontier.pending_on("https://a.org") and not frontier.pending_on("http://a.or")
    popped = frontier.pop()
    assert popped is not None and popped.key == "a1"
    assert not frontier.pending_on("http://a.org")  # in flight: fetched or being fetched, not to come
    assert frontier.pending_on("http://a.org:8080")


def test_entries_behind_a_closed_gate_stay_pending_in_their_place(tmp_path: Path) -> None:
    frontier = SQLiteFrontier(tmp_path / "state.db")
    frontier.push(FrontierEntry("held", "http://a.org/1", 50, "{}", gate="a.org"))
    frontier.push(FrontierEntry("free", "http://a.org/2", 10, "{}"))  # the same host, no gate: not held
    frontier.push(FrontierEntry("later", "http://a.org/3", 50, "{}", gate="a.org"))
    popped = frontier.pop(closed_gates={"a.org"})
    assert popped is not None and popped.key == "free"
    assert frontier.pop(closed_gates={"a.org"}) is None and frontier.count(PENDING) == 2
    popped = frontier.pop()  # the gate open again: the held entries in their first order
    assert popped is not None and popped.key == "held" and popped.gate == "a.org"
    assert frontier.pop().key == "later"  # type: ignore[union-attr]
    frontier.close()


def test_pop_reads_past_busy_hosts_up_to_its_scan_limit(tmp_path: Path) -> None:
    """A host's many entries first, all busy: the pop reads on, row by row, to the other hosts' best entries,
    and among those within the band the host served longest ago goes first; none beyond the scan limit."""
    from crawler.store.frontier_sqlite import _POP_SCAN

    frontier = SQLiteFrontier(tmp_path / "state.db")
    for n in range(700):
        frontier.push(FrontierEntry(f"busy{n}", f"http://busy.org/{n}", 100, "{}"))
    frontier.push(FrontierEntry("b", "http://b.org/1", 90, "{}"))
    frontier.push(FrontierEntry("c", "http://c.org/1", 80, "{}"))
    served = {"b.org": 2.0, "c.org": 1.0}
    popped = frontier.pop({"busy.org"}, served, band=50)
    assert popped is not None and popped.key == "c"  # within the band, served longest ago
    popped = frontier.pop({"busy.org"}, served, band=5)
    assert popped is not None and popped.key == "b"  # the best, alone in its band
    for n in range(_POP_SCAN):
        frontier.push(FrontierEntry(f"more{n}", f"http://busy.org/more{n}", 95, "{}"))
    frontier.push(FrontierEntry("d", "http://d.org/1", 10, "{}"))
    assert frontier.pop({"busy.org"}) is None  # beyond the scan limit: it waits for a later pop
    frontier.close()


def test_a_crawl_state_made_before_gates_gains_the_column(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "state.db")
    db.execute("CREATE TABLE frontier (key TEXT PRIMARY KEY, url TEXT NOT NULL, status TEXT NOT NULL,"
               " priority INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0, request TEXT NOT NULL,"
               " kind TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, fetched_at REAL NOT NULL DEFAULT 0,"
               " next_visit REAL NOT NULL DEFAULT 0, interval REAL NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT,"
               " body_hash TEXT, updated_at REAL NOT NULL DEFAULT 0)")
    db.execute("INSERT INTO frontier (key, url, status, request) VALUES ('old', 'http://a.org/1', 'pending', '{}')")
    db.commit()
    db.close()
    frontier = SQLiteFrontier(tmp_path / "state.db")
    popped = frontier.pop(closed_gates={"a.org"})  # an old entry waits on no gate
    assert popped is not None and popped.key == "old" and popped.gate == ""
    frontier.close()
