"""A temporary table of this run on the crawl's SQLite connection: per-URL state that would otherwise grow in memory.

A temporary table lives in SQLite's temporary file, is seen only by its connection and is gone when the
connection closes: nothing of it reaches state.db, and the process holds only the temporary database's page
cache (SQLite's default, 2 MiB) however many URLs the run meets. The crawl's connection may not exist yet when
the table's owner is made (the spider is made before the extensions): the table is created at its first use.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Source = sqlite3.Connection | Callable[[], "sqlite3.Connection | None"] | None


class RunTable:
    """The connection holding one temporary table: `db`, or what `db()` returns at first use, else one in memory."""

    def __init__(self, schema: str, db: Source = None) -> None:
        self._schema = schema
        self._source = db
        self._opened: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._opened is None:
            db = self._source if self._source is None or isinstance(self._source, sqlite3.Connection) else self._source()
            self._opened = db if db is not None else sqlite3.connect(":memory:", isolation_level=None)
            self._opened.execute(self._schema)
        return self._opened
