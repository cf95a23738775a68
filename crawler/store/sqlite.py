"""The embedded, default crawl state: one SQLite file in WAL mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.store.base import StoredArticle

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    url TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
"""


class SQLiteStore:
    """StateStore on SQLite; safe for one crawl process at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def _one(self, sql: str, value: str) -> str | None:
        row = self._db.execute(sql, (value,)).fetchone()
        return str(row[0]) if row else None

    def article_by_url(self, canonical_url: str) -> str | None:
        return self._one("SELECT id FROM articles WHERE canonical_url = ?", canonical_url)

    def article_by_content(self, content_hash: str) -> str | None:
        return self._one("SELECT id FROM articles WHERE content_hash = ? LIMIT 1", content_hash)

    def add_article(self, article: StoredArticle) -> bool:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO articles (id, canonical_url, content_hash, url, stored_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (article.id, article.canonical_url, article.content_hash, article.url, article.stored_at),
        )
        return cursor.rowcount == 1

    def count_articles(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()
