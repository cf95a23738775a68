"""Opening the crawl's SQLite file: one place for its folder, journal mode, durability and transactions.

During a crawl one connection serves every store (the crawl state's owner opens it,
see `crawler.state`); a store built on a path opens its own, for tools and tests.
A store's multi-statement write runs in `transaction(db)`, which joins a transaction
already open on the connection (as a savepoint: a failed write leaves nothing behind):
a group of writes then commits once. `CommitGroup` lets many small writes (the
frontier's push, pop and finish) share one commit.
"""

from __future__ import annotations

import errno
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

# Page cache of the shared connection (KiB): dedup's random-key B-trees want more than SQLite's 2 MiB default.
# 16 MiB against 64 MiB at 201,000 documents (scripts/bench_dedup.py, same machine, one after the other): the
# same inserts per CPU-second (36,236 / 36,317), lookups p50 0.048 / 0.040 ms, peak RSS 98 / 133 MiB. 8 against
# 16 MiB at 101,000 documents (both at once, load average 21): inserts per CPU-second 18,910 / 18,370, lookups
# p50 0.085 / 0.074 CPU ms, peak RSS 90 / 98 MiB. The OS keeps the rest of the file cached; the crawl's memory
# bound is the process tree's (docs/throughput.md), and a lookup per article costs far less than its extraction.
CACHE_KIB = 8192


def connect(path: str | Path, schema: str = "", durable: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, FULL sync when durable."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    if schema:
        db.executescript(schema)
    return db


def attach(target: str | Path | sqlite3.Connection, schema: str, durable: bool = True) -> tuple[sqlite3.Connection, bool]:
    """(connection, owned): the given connection with the schema created, or a new one on the path (owned)."""
    if isinstance(target, sqlite3.Connection):
        for statement in schema.split(";"):  # not executescript(): it would commit a transaction in progress
            if statement.strip():
                target.execute(statement)
        return target, False
    return connect(target, schema, durable), True


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); inside a transaction already open, joins it as a savepoint
    (an error undoes this block's writes only, and goes on to the outer block)."""
    if db.in_transaction:
        db.execute("SAVEPOINT nested")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled the whole transaction back itself (a full disk)
                db.execute("ROLLBACK TO nested")
                db.execute("RELEASE nested")
            raise
        db.execute("RELEASE nested")
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class CommitGroup:
    """Small writes that share one commit: the first opens a transaction, which commits after `size` writes, once
    `delay` seconds have passed since it opened (checked at each write, and by the owner's timer), or on `commit()`.

    Commits keep the order of the writes, so a crash loses only the writes since the last commit: as if the
    process had stopped a moment earlier. Whatever must be durable before an effect outside the database (a
    line appended to a file) calls `commit()` first. `on_open` is called when a group opens; it returns False
    when it cannot arrange a later commit (no event loop): the group then commits at once.
    """

    def __init__(self, db: sqlite3.Connection, size: int = 256, delay: float = 0.05,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.db, self.size, self.delay, self.clock = db, size, delay, clock
        self.on_open: Callable[[], bool] = lambda: False
        self.writes = 0  # writes in the open group
        self.commits = 0  # groups committed
        self._owned = False  # the open transaction is the group's (not a caller's, which commits it itself)
        self._opened = 0.0

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write in the open group, or in the caller's transaction if one is open.

        One statement, atomic by itself (no savepoint is paid for); statements that must go together run in
        `transaction(db)` inside it (a savepoint).
        """
        if self.size <= 1:
            with transaction(self.db) as db:
                yield db
            return
        opening = not self.db.in_transaction
        if opening:
            self.db.execute("BEGIN IMMEDIATE")
            self._owned, self._opened, self.writes = True, self.clock(), 0
        yield self.db
        if not self._owned:
            return
        self.writes += 1
        if (opening and not self.on_open()) or self.writes >= self.size or self.clock() - self._opened >= self.delay:
            self.commit()

    def due(self) -> bool:
        """Whether an open group has waited its delay."""
        return self._owned and self.clock() - self._opened >= self.delay

    def commit(self) -> None:
        """Commit the open group, if any."""
        if not self._owned:
            return
        self._owned = False
        if self.db.in_transaction:
            self.db.execute("COMMIT")
            self.commits += 1



@contextmanager
def grouped_write(db: sqlite3.Connection, group: CommitGroup | None, atomic: bool = False) -> Iterator[sqlite3.Connection]:
    """A store's small write: in `group` if there is one (with `atomic`, its statements go together as a savepoint
    in it), else a transaction of its own."""
    if group is None:
        with transaction(db):
            yield db
        return
    with group.write(), (transaction(db) if atomic else nullcontext(db)):
        yield db


@contextmanager
def durable_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A transaction synced to disk at COMMIT (FULL) on a connection that otherwise commits without a sync.

    In WAL mode commits are appended in order, so this sync makes every earlier commit durable too: a
    connection at synchronous=NORMAL loses, on a power cut, only a tail of commits, as a crash at that
    moment would; what must be on disk before an effect outside the database (a line appended to a file)
    commits with this.
    """
    if db.in_transaction:
        yield db
        return
    previous = int(db.execute("PRAGMA synchronous").fetchone()[0])
    db.execute("PRAGMA synchronous=FULL")
    try:
        with transaction(db):
            yield db
    finally:
        db.execute(f"PRAGMA synchronous={previous}")


# Errors that say the output cannot be written at all (disk full, read-only, quota, I/O): retrying will not help.
_UNWRITABLE_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EACCES, errno.EPERM})
_UNWRITABLE_SQLITE = ("full", "readonly", "read-only", "disk i/o", "unable to open")


def is_unwritable(exc: BaseException) -> bool:
    """True for an error that means the crawl's output cannot be written (database or disk full, read-only...)."""
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        return any(word in text for word in _UNWRITABLE_SQLITE)
    return isinstance(exc, OSError) and exc.errno in _UNWRITABLE_ERRNOS
