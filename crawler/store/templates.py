"""Per-host line statistics for template learning, kept across runs (SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from crawler.store.connection import attach, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS template_lines (
    host TEXT NOT NULL, key TEXT NOT NULL, page TEXT NOT NULL,
    PRIMARY KEY (host, key, page)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_pages (
    host TEXT NOT NULL, page TEXT NOT NULL,
    PRIMARY KEY (host, page)
) WITHOUT ROWID;
"""


class TemplateStore(Protocol):
    """On how many distinct pages of a host each line was seen."""

    def host_pages(self, host: str) -> int:
        """Distinct pages recorded for the host."""

    def line_pages(self, host: str, keys: Sequence[str]) -> dict[str, int]:
        """For each key, the distinct pages of the host it was seen on (absent: none)."""

    def record(self, host: str, page: str, keys: Sequence[str]) -> None:
        """Note that the page holds these line keys (recording a page twice changes nothing)."""

    def close(self) -> None:
        """Release the backend; the statistics stay for the next run."""


class SQLiteTemplateStore:
    """TemplateStore in the crawl's SQLite file."""

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        self._db, self._owned = attach(db, _SCHEMA, durable=False)

    def host_pages(self, host: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM template_pages WHERE host = ?", (host,)).fetchone()
        return int(row[0])

    def line_pages(self, host: str, keys: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, COUNT(*) FROM template_lines WHERE host = ? AND key IN ({marks}) GROUP BY key",
                (host, *chunk),
            )
            counts.update((str(key), int(n)) for key, n in rows)
        return counts

    def record(self, host: str, page: str, keys: Sequence[str]) -> None:
        with transaction(self._db):
            self._db.execute("INSERT OR IGNORE INTO template_pages VALUES (?, ?)", (host, page))
            self._db.executemany(
                "INSERT OR IGNORE INTO template_lines VALUES (?, ?, ?)",
                [(host, key, page) for key in dict.fromkeys(keys)],
            )

    def close(self) -> None:
        if self._owned:
            self._db.close()
