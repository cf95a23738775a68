"""The article URLs the crawl met in this run (listed, or recognised by their page), each counted once.

A temporary table on the crawl's connection (`runtable.py`): on disk, gone with the run. A set of them in the
link merit's host records grew with every URL: 13 MB per 100,000 listed URLs of the benchmark in the crawl
process (19 MB with URLs of 70 characters).
"""

from __future__ import annotations

from crawler.store.runtable import RunTable, Source

_SCHEMA = "CREATE TEMP TABLE IF NOT EXISTS article_urls (url TEXT PRIMARY KEY) WITHOUT ROWID"


class SeenUrls:
    """`add(url)`: True the first time a URL is added in this run; on `db` (or what `db()` returns at first use),
    else on a connection in memory."""

    def __init__(self, db: Source = None) -> None:
        self._table = RunTable(_SCHEMA, db)

    def add(self, url: str) -> bool:
        """Record the URL; False if it was recorded before."""
        return self._table.db.execute("INSERT OR IGNORE INTO temp.article_urls VALUES (?)", (url,)).rowcount == 1
