"""The crawl's runs: when each started and finished, why, and how many articles it stored."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crawler.store.connection import attach

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    spider TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    reason TEXT,
    articles INTEGER
);
"""


@dataclass(frozen=True)
class Run:
    """One run of a spider; `finished_at` and `reason` are None for a run that was killed."""

    id: int
    spider: str
    started_at: str
    finished_at: str | None
    reason: str | None
    articles: int | None


class SQLiteRuns:
    """The runs table in the crawl's SQLite file."""

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        self._db, self._owned = attach(db, _SCHEMA)

    def start(self, spider: str, started_at: str) -> int:
        cursor = self._db.execute("INSERT INTO runs (spider, started_at) VALUES (?, ?)", (spider, started_at))
        return int(cursor.lastrowid or 0)

    def finish(self, run_id: int, finished_at: str, reason: str, articles: int) -> None:
        self._db.execute(
            "UPDATE runs SET finished_at = ?, reason = ?, articles = ? WHERE id = ?",
            (finished_at, reason, articles, run_id),
        )

    def last(self, limit: int = 10) -> list[Run]:
        rows = self._db.execute(
            "SELECT id, spider, started_at, finished_at, reason, articles FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [Run(*row) for row in rows]

    def close(self) -> None:
        if self._owned:
            self._db.close()
