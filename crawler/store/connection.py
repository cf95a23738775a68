"""Opening the crawl's SQLite file: one place for its folder, journal mode, durability and transactions.

During a crawl one connection serves every store (the crawl state's owner opens it,
see `crawler.state`); a store built on a path opens its own, for tools and tests.
A store's multi-statement write runs in `transaction(db)`, which joins a transaction
already open on the connection: a group of writes then commits once.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Page cache of the shared connection (KiB): dedup's random-key B-trees want more than SQLite's 2 MiB default.
CACHE_KIB = 65536


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
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error); inside a transaction already open, joins it."""
    if db.in_transaction:
        yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")



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
