"""The durable frontier in SQLite (WAL): one row per URL key, requests as JSON.

An entry's `gate` names the window it waits on (a followed link's host, see
`crawler.discovery.linkmerit`), empty for the others: `pop` passes over the entries
whose gate is closed, which stay pending where they are.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.store.connection import CommitGroup, attach, grouped_write, transaction
from crawler.store.frontier import DEFERRED, DONE, FAILED, IN_FLIGHT, PENDING, FrontierEntry, Outcome, Visit

# The attempts count of a permanent failure: above any retry limit.
GAVE_UP = 1_000_000
# A finish's new attempts (parameters: permanent, GAVE_UP, status, DONE, interrupted): given up for good, none
# once done, one more for a failure or deferral of the URL's own, the same when the run stopped under it.
_ATTEMPTS = "CASE WHEN ? THEN ? WHEN ? = ? THEN 0 WHEN ? THEN attempts ELSE attempts + 1 END"
# Pending entries read at most while looking for one whose host is not busy.
_POP_SCAN = 2048


@lru_cache(maxsize=4 * _POP_SCAN)
def _host(url: str) -> str:
    """The URL's host (cached: a pop reads the same pending URLs again and again, those at the head of the
    queue; a larger cache only grows with the crawl: 65,536 URLs of 70 characters held 19 MB)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0,
    request TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    fetched_at REAL NOT NULL DEFAULT 0,
    next_visit REAL NOT NULL DEFAULT 0,
    interval REAL NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    updated_at REAL NOT NULL DEFAULT 0,
    gate TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS frontier_queue ON frontier (status, priority DESC, seq);
CREATE INDEX IF NOT EXISTS frontier_by_url ON frontier (status, url);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    record TEXT NOT NULL,
    written INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (id, version)
) WITHOUT ROWID;
"""


class SQLiteFrontier:
    """FrontierStore on SQLite; every change is its own committed transaction, unless `group` is set: then push,
    pop and finish share commits (`CommitGroup`), in the order they were made."""

    def __init__(self, db: str | Path | sqlite3.Connection, group: CommitGroup | None = None) -> None:
        self._db, self._owned = attach(db, _SCHEMA)
        self.group = group
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(frontier)")}
        if "gate" not in columns:  # a crawl state made before entries had gates: none of its entries waits on one
            self._db.execute("ALTER TABLE frontier ADD COLUMN gate TEXT NOT NULL DEFAULT ''")
        row = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM frontier").fetchone()
        self._seq = int(row[0])

    def recover(self, max_attempts: int = 0) -> int:
        limit = max_attempts if max_attempts > 0 else GAVE_UP + 1
        with transaction(self._db):
            self._db.execute("UPDATE frontier SET status = ? WHERE status = ? AND attempts >= ?", (FAILED, DEFERRED, limit))
            cursor = self._db.execute("UPDATE frontier SET status = ? WHERE status IN (?, ?)", (PENDING, IN_FLIGHT, DEFERRED))
        return cursor.rowcount

    def visit(self, key: str) -> Visit | None:
        row = self._db.execute(
            "SELECT status, kind, fetched_at, next_visit, interval, etag, last_modified, attempts, body_hash"
            " FROM frontier WHERE key = ?",
            (key,),
        ).fetchone()
        return Visit(*row) if row else None

    def push(self, entry: FrontierEntry) -> None:
        self._seq += 1
        with grouped_write(self._db, self.group):
            self._db.execute(
                "INSERT INTO frontier (key, url, status, priority, seq, request, updated_at, gate)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET status = excluded.status, priority = excluded.priority,"
                " seq = excluded.seq, request = excluded.request, updated_at = excluded.updated_at, gate = excluded.gate",
                (entry.key, entry.url, PENDING, entry.priority, self._seq, entry.request_json, time.time(), entry.gate),
            )

    def pop(
        self, busy_hosts: Collection[str] = (), last_served: Mapping[str, float] | None = None, band: int = 0,
        closed_gates: Collection[str] = (),
    ) -> FrontierEntry | None:
        """The best pending entry (priority, then first in) whose host is not busy and whose gate is not in
        `closed_gates`; None when every one is held so (they stay pending, in their place).

        With `last_served` (host -> when it was last handed an entry), among the hosts whose best entry is within
        `band` of the best one, the host served longest ago goes first: hosts take turns within a priority band.
        """
        chosen = self._choose(busy_hosts, last_served, band, closed_gates)  # reads only: a pop of nothing writes nothing
        if chosen is None:
            return None
        key, url, priority = chosen
        row = self._db.execute("SELECT request, gate FROM frontier WHERE key = ?", (key,)).fetchone()
        with grouped_write(self._db, self.group):
            self._db.execute("UPDATE frontier SET status = ?, updated_at = ? WHERE key = ?", (IN_FLIGHT, time.time(), key))
        return FrontierEntry(key, url, int(priority), row[0], row[1])

    def _choose(
        self, busy: Collection[str], last_served: Mapping[str, float] | None, band: int, closed: Collection[str]
    ) -> tuple[Any, ...] | None:
        """(key, url, priority) of the entry to hand out; reads keys and URLs only, row by row (entries
        behind a closed gate are left out by the query: however many wait, they cost no scan)."""
        best: dict[str, tuple[Any, ...]] = {}  # host -> its best row not busy, in priority order
        top: int | None = None
        served = last_served or {}
        # One statement read row by row, as far as needed (the queue index gives the order: nothing is sorted),
        # not batches at growing offsets, each of which walked the index again from its start.
        cursor = self._db.execute(
            "SELECT key, url, priority FROM frontier WHERE status = ?"
            + (" AND gate NOT IN (SELECT value FROM json_each(?))" if closed else "")
            + " ORDER BY priority DESC, seq LIMIT ?",
            (PENDING, json.dumps(sorted(closed)), _POP_SCAN) if closed else (PENDING, _POP_SCAN),
        )
        try:
            for row in cursor:
                if top is not None and (last_served is None or row[2] < top - band):
                    break
                host = _host(row[1])
                if host in busy or host in best:
                    continue
                if host not in served:  # never served: nobody can have waited longer
                    return tuple(row)
                best[host] = row
                top = row[2] if top is None else top
        finally:
            cursor.close()
        if not best:
            return None
        return min(best.values(), key=lambda r: served.get(_host(r[1]), 0.0))

    def finish(self, key: str, outcome: Outcome) -> None:
        now = time.time()
        with grouped_write(self._db, self.group):
            self._db.execute(
                "UPDATE frontier SET status = ?, kind = ?, fetched_at = ?, next_visit = ?, interval = ?,"
                " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), updated_at = ?,"
                f" attempts = {_ATTEMPTS}, body_hash = COALESCE(?, body_hash) WHERE key = ?",
                (outcome.status, outcome.kind, now, outcome.next_visit, outcome.interval, outcome.etag,
                 outcome.last_modified, now, outcome.permanent, GAVE_UP, outcome.status, DONE, outcome.interrupted,
                 outcome.body_hash, key),
            )

    def count(self, status: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM frontier WHERE status = ?", (status,)).fetchone()
        return int(row[0])

    def retry_failed(self) -> int:
        cursor = self._db.execute(
            "UPDATE frontier SET status = ?, attempts = 0, updated_at = ? WHERE status = ?", (PENDING, time.time(), FAILED)
        )
        return cursor.rowcount

    def fail_in_flight(self) -> int:
        cursor = self._db.execute(
            "UPDATE frontier SET status = ?, attempts = attempts + 1, updated_at = ? WHERE status = ?",
            (FAILED, time.time(), IN_FLIGHT),
        )
        return cursor.rowcount

    def pending_on(self, origin: str) -> bool:
        """Whether a URL of this origin (`scheme://host[:port]`) is pending: more of that site is still to come."""
        row = self._db.execute(
            "SELECT 1 FROM frontier WHERE status = ? AND url >= ? AND url < ? LIMIT 1", (PENDING, f"{origin}/", f"{origin}0")
        ).fetchone()
        return row is not None

    def counts_by_host(self) -> list[tuple[str, str, int]]:
        """(host, status, count) rows, for `scrapy state`."""
        rows = self._db.execute(
            "SELECT substr(url, instr(url, '://') + 3, instr(substr(url, instr(url, '://') + 3) || '/', '/') - 1)"
            " AS host, status, COUNT(*) FROM frontier GROUP BY host, status ORDER BY host, status"
        )
        return [(str(h), str(s), int(n)) for h, s, n in rows]

    def prune(self, older_than: float) -> int:
        """Forget done and failed entries not updated since `older_than` (epoch seconds)."""
        cursor = self._db.execute(
            "DELETE FROM frontier WHERE status IN (?, ?) AND updated_at < ?", (DONE, FAILED, older_than)
        )
        return cursor.rowcount

    # --- The outbox: an article's record is committed here, with its URL done, before its line is written.

    def store_record(
        self, key: str, outcome: Outcome | None, record_id: str, version: int, record: str, indexed: bool = False
    ) -> bool:
        """In one transaction: keep the record until written (and indexed, unless `indexed`), and finish its URL.
        False if already kept."""
        now = time.time()
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO outbox (id, version, record, indexed) VALUES (?, ?, ?, ?)",
                (record_id, version, record, int(indexed)),
            )
            if cursor.rowcount == 0:
                return False
            if key and outcome is not None:
                self._db.execute(
                    "UPDATE frontier SET status = ?, kind = ?, fetched_at = ?, next_visit = ?, interval = ?,"
                    " updated_at = ?, attempts = 0 WHERE key = ?",
                    (outcome.status, outcome.kind, now, outcome.next_visit, outcome.interval, now, key),
                )
        return True

    def unwritten(self) -> list[tuple[str, int, str]]:
        """Records committed whose line may not be in the output file yet: (id, version, record)."""
        return [(str(i), int(v), str(r)) for i, v, r in self._db.execute(
            "SELECT id, version, record FROM outbox WHERE written = 0")]

    def unindexed(self) -> list[tuple[str, int, str]]:
        """Records committed whose fingerprints may not be in the dedup state yet."""
        return [(str(i), int(v), str(r)) for i, v, r in self._db.execute(
            "SELECT id, version, record FROM outbox WHERE indexed = 0")]

    def mark_written(self, record_id: str, version: int) -> None:
        self._mark("written", record_id, version)

    def mark_indexed(self, record_id: str, version: int) -> None:
        self._mark("indexed", record_id, version)

    def mark_written_many(self, records: list[tuple[str, int]]) -> None:
        """Several records' lines are in the file: one transaction (or the caller's)."""
        with transaction(self._db):
            self._db.executemany("UPDATE outbox SET written = 1 WHERE id = ? AND version = ?", records)
            self._db.execute("DELETE FROM outbox WHERE written = 1 AND indexed = 1")

    def _mark(self, column: str, record_id: str, version: int) -> None:
        with transaction(self._db):
            self._db.execute(f"UPDATE outbox SET {column} = 1 WHERE id = ? AND version = ?", (record_id, version))
            self._db.execute("DELETE FROM outbox WHERE written = 1 AND indexed = 1")

    def close(self) -> None:
        """Closes the connection if this store opened it (the crawl state's owner closes a shared one)."""
        if self._owned:
            self._db.close()
