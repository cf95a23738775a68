"""The URLs that a sitemap or feed listed in this run, with the first listing's source and hints.

A temporary table on the crawl's connection (`runtable.py`): on disk, gone with the run. A sitemap of
100,000 URLs held as a dict of URL -> (source, hints) cost the crawl process about 50 MB.
"""

from __future__ import annotations

import json
from typing import Any

from crawler.store.runtable import RunTable, Source

_SCHEMA = "CREATE TEMP TABLE IF NOT EXISTS listed (url TEXT PRIMARY KEY, source TEXT NOT NULL, hints TEXT NOT NULL)"


class Listings:
    """URL -> (source, hints) of its first listing in this run; on `db` (or what `db()` returns at first use, for a
    connection that does not exist yet when the listings are made), else on a connection in memory."""

    def __init__(self, db: Source = None) -> None:
        self._table = RunTable(_SCHEMA, db)

    def add(self, url: str, source: str, hints: dict[str, Any]) -> bool:
        """Record the URL's listing; False if it was listed before (the first listing stays)."""
        cursor = self._table.db.execute(
            "INSERT OR IGNORE INTO temp.listed VALUES (?, ?, ?)",
            (url, source, json.dumps(hints, ensure_ascii=False, default=str)),
        )
        return cursor.rowcount == 1

    def get(self, url: str) -> tuple[str, dict[str, Any]] | None:
        """The URL's first listing, or None if no sitemap or feed listed it in this run."""
        row = self._table.db.execute("SELECT source, hints FROM temp.listed WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None
