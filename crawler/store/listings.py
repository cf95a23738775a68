"""The URLs that a sitemap or feed listed in this run, with the first listing's source and hints.

A temporary table on the crawl's connection: on disk (SQLite's temporary file), gone with the run, never in
the process's memory. A sitemap of 100,000 URLs held as a dict of URL -> (source, hints) cost the crawl
process about 50 MB; here it costs SQLite's temporary page cache.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

_SCHEMA = "CREATE TEMP TABLE IF NOT EXISTS listed (url TEXT PRIMARY KEY, source TEXT NOT NULL, hints TEXT NOT NULL)"


class Listings:
    """URL -> (source, hints) of its first listing in this run; on `db` (or what `db()` returns at first use, for a
    connection that does not exist yet when the listings are made), else on a connection in memory."""

    def __init__(self, db: sqlite3.Connection | Callable[[], sqlite3.Connection | None] | None = None) -> None:
        self._source = db
        self._opened: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._opened is None:
            db = self._source if self._source is None or isinstance(self._source, sqlite3.Connection) else self._source()
            self._opened = db if db is not None else sqlite3.connect(":memory:", isolation_level=None)
            self._opened.execute(_SCHEMA)
        return self._opened

    def add(self, url: str, source: str, hints: dict[str, Any]) -> bool:
        """Record the URL's listing; False if it was listed before (the first listing stays)."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO temp.listed VALUES (?, ?, ?)",
            (url, source, json.dumps(hints, ensure_ascii=False, default=str)),
        )
        return cursor.rowcount == 1

    def get(self, url: str) -> tuple[str, dict[str, Any]] | None:
        """The URL's first listing, or None if no sitemap or feed listed it in this run."""
        row = self._db.execute("SELECT source, hints FROM temp.listed WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None
