"""What the state keeps of each host's robots.txt across runs: its last good answer and since when it is down.

RFC 9309 lets a crawler obey the last good copy of a robots.txt that has been
unreachable for a long time, instead of treating the host as disallowed for
ever. An outage is counted across runs: a scheduled crawl that runs an hour a
day still sees a robots.txt that has answered 503 for two days as down for two
days, and the copy it fetched before the outage is still at hand.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crawler.store.connection import attach, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS robots_copies (
    host TEXT PRIMARY KEY,
    status INTEGER,
    body BLOB,
    fetched_at REAL,
    down_since REAL
);
"""


@dataclass(frozen=True)
class RobotsCopy:
    """A host's last good answer (status and body, None before any) and the start of its outage (None: up)."""

    status: int | None
    body: bytes | None
    fetched_at: float | None
    down_since: float | None


class SQLiteRobotsStore:
    """The hosts' last good robots.txt answers in the crawl's SQLite file."""

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        self._db, self._owned = attach(db, _SCHEMA)

    def get(self, host: str) -> RobotsCopy | None:
        row = self._db.execute(
            "SELECT status, body, fetched_at, down_since FROM robots_copies WHERE host = ?", (host,)
        ).fetchone()
        return RobotsCopy(row[0], None if row[1] is None else bytes(row[1]), row[2], row[3]) if row else None

    def good(self, host: str, status: int, body: bytes, at: float) -> None:
        """A good answer (2xx or 4xx): kept as the last good copy; the outage, if any, is over."""
        with transaction(self._db):
            self._db.execute(
                "INSERT INTO robots_copies VALUES (?, ?, ?, ?, NULL) ON CONFLICT (host) DO UPDATE SET "
                "status = excluded.status, body = excluded.body, fetched_at = excluded.fetched_at, down_since = NULL",
                (host, status, body, at),
            )

    def down(self, host: str, at: float) -> float:
        """A failed answer: the outage starts now unless it already had; returns when it started."""
        with transaction(self._db):
            self._db.execute(
                "INSERT INTO robots_copies (host, down_since) VALUES (?, ?) ON CONFLICT (host) DO UPDATE SET "
                "down_since = COALESCE(robots_copies.down_since, excluded.down_since)",
                (host, at),
            )
            row = self._db.execute("SELECT down_since FROM robots_copies WHERE host = ?", (host,)).fetchone()
        return float(row[0])

    def close(self) -> None:
        if self._owned:
            self._db.close()
