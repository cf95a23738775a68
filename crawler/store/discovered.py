"""The URLs the spider requested in this run: the highest priority each was requested with, whether it is settled
(sent to the downloader, or refused by the scheduler: never queued again) and whether it was read as a hub.

A temporary table on the crawl's connection (`runtable.py`). As dicts and sets of URLs these cost the crawl
process about 25 MB per 100,000 URLs, growing with the crawl.
"""

from __future__ import annotations

from crawler.store.runtable import RunTable, Source

_SCHEMA = (
    "CREATE TEMP TABLE IF NOT EXISTS discovered (url TEXT PRIMARY KEY, priority INTEGER, "
    "settled INTEGER NOT NULL DEFAULT 0, hub INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
)


class Discovered:
    """Per requested URL of the run: its best priority, settled or not, read as a hub or not."""

    def __init__(self, db: Source = None) -> None:
        self._table = RunTable(_SCHEMA, db)

    def request(self, url: str, priority: int) -> tuple[int | None, bool]:
        """Record a request of the URL at this priority; (the best priority it had before, or None; settled)."""
        db = self._table.db
        row = db.execute("SELECT priority, settled FROM temp.discovered WHERE url = ?", (url,)).fetchone()
        best = None if row is None else row[0]
        if best is None or priority > best:
            db.execute(
                "INSERT INTO temp.discovered (url, priority) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET priority = ?",
                (url, priority, priority),
            )
        return best, bool(row and row[1])

    def settle(self, url: str) -> None:
        """The URL is sent or refused: a later, better request of it is not queued again."""
        self._table.db.execute(
            "INSERT INTO temp.discovered (url, settled) VALUES (?, 1) ON CONFLICT (url) DO UPDATE SET settled = 1", (url,)
        )

    def is_settled(self, url: str) -> bool:
        row = self._table.db.execute("SELECT settled FROM temp.discovered WHERE url = ?", (url,)).fetchone()
        return bool(row and row[0])

    def mark_hub(self, url: str) -> None:
        """The URL's page was read as a hub, for its links, and not extracted."""
        self._table.db.execute(
            "INSERT INTO temp.discovered (url, hub) VALUES (?, 1) ON CONFLICT (url) DO UPDATE SET hub = 1", (url,)
        )

    def take_hub(self, url: str) -> bool:
        """Whether the URL's page was read as a hub; it is one no more (it is fetched again, as a candidate)."""
        return self._table.db.execute("UPDATE temp.discovered SET hub = 0 WHERE url = ? AND hub = 1", (url,)).rowcount == 1
