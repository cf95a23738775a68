"""What the state keeps to tell an original from its copies: each kept article's date and declared origin."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from crawler.store.connection import attach, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_origins (
    article TEXT PRIMARY KEY,
    published TEXT,
    origin_key INTEGER
);
CREATE INDEX IF NOT EXISTS story_origins_by_origin ON story_origins (origin_key);
"""


class OriginStore(Protocol):
    """For each kept article: its publication time and the URL key of the story it declares it copies."""

    def get(self, article: str) -> tuple[str | None, int | None] | None:
        """(published, origin URL key) of a kept article, None if it was never recorded."""

    def copies_of(self, origin_key: int) -> list[str]:
        """The kept articles whose canonical link points at this URL key."""

    def add(self, rows: Sequence[tuple[str, str | None, int | None]]) -> None:
        """Record (article, published, origin URL key) rows, in one transaction; a known article is kept as is."""

    def close(self) -> None:
        """Release the backend."""


class SQLiteOriginStore:
    """OriginStore in the crawl's SQLite file."""

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        self._db, self._owned = attach(db, _SCHEMA)

    def get(self, article: str) -> tuple[str | None, int | None] | None:
        row = self._db.execute("SELECT published, origin_key FROM story_origins WHERE article = ?", (article,)).fetchone()
        return (row[0], row[1]) if row else None

    def copies_of(self, origin_key: int) -> list[str]:
        rows = self._db.execute("SELECT article FROM story_origins WHERE origin_key = ? ORDER BY rowid", (origin_key,))
        return [str(r[0]) for r in rows]

    def add(self, rows: Sequence[tuple[str, str | None, int | None]]) -> None:
        with transaction(self._db):
            self._db.executemany("INSERT OR IGNORE INTO story_origins VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        if self._owned:
            self._db.close()
