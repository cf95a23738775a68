"""The frontier's commit groups: many writes, one commit; a crash loses only a suffix of them, in order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.store.connection import CommitGroup, connect, transaction
from crawler.store.frontier import DONE, IN_FLIGHT, PENDING, FrontierEntry, Outcome
from crawler.store.frontier_sqlite import SQLiteFrontier


def entry(n: int) -> FrontierEntry:
    return FrontierEntry(f"k{n}", f"http://h{n % 3}.org/{n}", 0, "{}")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def grouped(path: Path, size: int = 100, delay: float = 10.0) -> tuple[SQLiteFrontier, CommitGroup, Clock]:
    db = connect(path, durable=False)
    clock = Clock()
    group = CommitGroup(db, size, delay, clock)
    group.on_open = lambda: True  # the owner would commit it later (a timer)
    return SQLiteFrontier(db, group), group, clock


def on_disk(path: Path) -> dict[str, str]:
    """What another process (the next run) finds in the file."""
    other = sqlite3.connect(str(path))
    try:
        return dict(other.execute("SELECT key, status FROM frontier"))
    finally:
        other.close()


def test_writes_share_one_commit_until_the_group_is_full(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    frontier, group, _ = grouped(path, size=5)
    for n in range(4):
        frontier.push(entry(n))
    assert on_disk(path) == {} and group.commits == 0  # four writes, not committed yet
    frontier.push(entry(4))
    assert group.commits == 1 and len(on_disk(path)) == 5
    popped = frontier.pop()
    assert popped is not None and on_disk(path)[popped.key] == PENDING  # the pop waits for the next commit
    group.commit()
    assert on_disk(path)[popped.key] == IN_FLIGHT and group.commits == 2


def test_a_group_commits_once_its_delay_has_passed(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    frontier, group, clock = grouped(path, size=1000, delay=0.05)
    frontier.push(entry(1))
    assert not group.due()
    clock.now = 0.06
    assert group.due()
    frontier.push(entry(2))  # the write that finds the group due commits it
    assert set(on_disk(path)) == {"k1", "k2"}


def test_a_crash_loses_a_suffix_of_the_writes_never_a_done_page_without_its_links(tmp_path: Path) -> None:
    """A page's links are pushed before it is marked done: whatever a crash keeps, no done page lacks a link."""
    path = tmp_path / "state.db"
    frontier, group, _ = grouped(path, size=7)
    frontier.push(FrontierEntry("hub", "http://a.org/", 0, "{}"))
    hub = frontier.pop()
    assert hub is not None
    for n in range(10):  # the hub's links, then its done mark: the commit of 7 writes falls in the middle
        frontier.push(entry(n))
    frontier.finish("hub", Outcome(DONE, "structure", 0.0, 0.0))
    assert group.commits == 1
    frontier._db.close()  # a crash: the open group is lost
    kept = on_disk(path)
    assert kept["hub"] == IN_FLIGHT  # not done: fetched again next run, and its links found again
    assert len(kept) == 1 + 5


def test_a_failed_write_leaves_nothing_in_the_group(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    frontier, group, _ = grouped(path)
    frontier.push(entry(1))
    with pytest.raises(RuntimeError), group.write() as db, transaction(db):  # several statements: a savepoint
        db.execute("UPDATE frontier SET status = 'done' WHERE key = 'k1'")
        raise RuntimeError("the write failed half way")
    group.commit()
    assert on_disk(path) == {"k1": PENDING}


def test_a_caller_transaction_is_joined_not_committed_by_the_group(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    frontier, group, _ = grouped(path, size=1)
    group.size = 2
    db = frontier._db
    with pytest.raises(RuntimeError), transaction(db):
        frontier.push(entry(1))
        frontier.push(entry(2))  # a full group inside the caller's transaction: the caller decides
        raise RuntimeError("the caller's transaction fails")
    assert on_disk(path) == {} and group.commits == 0


def test_without_an_event_loop_each_write_commits_at_once(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = connect(path, durable=False)
    frontier = SQLiteFrontier(db, CommitGroup(db, 100, 10.0))  # on_open says no later commit can be arranged
    frontier.push(entry(1))
    assert on_disk(path) == {"k1": PENDING}
