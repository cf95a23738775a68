"""The URLs sent to the downloader in this run, once each: a temporary table on the crawl's connection.

See `runtable.py`: as a set of URLs this grew with the crawl (about 10 MB per 100,000 URLs).
"""

from __future__ import annotations

from crawler.store.runtable import RunTable, Source

_SCHEMA = "CREATE TEMP TABLE IF NOT EXISTS sent (url TEXT PRIMARY KEY) WITHOUT ROWID"


class SentLog:
    """URLs of the run; `add` tells whether a URL is new."""

    def __init__(self, db: Source = None) -> None:
        self._table = RunTable(_SCHEMA, db)

    def add(self, url: str) -> bool:
        """Record the URL; False if it was recorded before."""
        return self._table.db.execute("INSERT OR IGNORE INTO temp.sent VALUES (?)", (url,)).rowcount == 1

    def __contains__(self, url: str) -> bool:
        return self._table.db.execute("SELECT 1 FROM temp.sent WHERE url = ?", (url,)).fetchone() is not None
