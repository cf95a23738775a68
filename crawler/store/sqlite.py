"""The embedded, default crawl state: one SQLite file in WAL mode.

Dedup fingerprints take compact integer keys (see README, "Deduplication"):
`dedup_docs` one row per stored text (rowid, article id, version, content hash,
signature), `dedup_urls` URL key -> doc, `dedup_bands` (band key, doc) WITHOUT
ROWID, `dedup_versions` article -> latest doc of articles with several versions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from crawler.store.base import FingerprintDoc, NewFingerprints, StoredArticle

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    url TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS dedup_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dedup_docs (
    doc INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    version INTEGER NOT NULL,
    content INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS dedup_urls (key INTEGER PRIMARY KEY, doc INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dedup_bands (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dedup_versions (article INTEGER PRIMARY KEY, doc INTEGER NOT NULL);
"""
_DOC_COLUMNS = "d.doc, d.article, d.version, d.content, d.signature"
_CACHE_KIB = 65536  # page cache for the random-key B-trees of dedup (SQLite's default is 2 MiB)


class SQLiteStore:
    """StateStore on SQLite; safe for one crawl process at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
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

    def fingerprint_scheme(self, scheme: str) -> str:
        self._db.execute("INSERT OR IGNORE INTO dedup_meta (name, value) VALUES ('scheme', ?)", (scheme,))
        return self._one("SELECT value FROM dedup_meta WHERE name = ?", "scheme") or scheme

    def _docs(self, sql: str, params: Sequence[int]) -> list[FingerprintDoc]:
        return [FingerprintDoc(int(a), int(b), int(c), int(d), bytes(e)) for a, b, c, d, e in self._db.execute(sql, params)]

    def doc_by_url(self, url_keys: Sequence[int]) -> FingerprintDoc | None:
        for key in url_keys:
            found = self._docs(f"SELECT {_DOC_COLUMNS} FROM dedup_urls u JOIN dedup_docs d USING (doc) WHERE u.key = ?", (key,))
            if found:
                return found[0]
        return None

    def docs_by_bands(self, band_keys: Sequence[int]) -> list[FingerprintDoc]:
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        sql = f"SELECT {_DOC_COLUMNS} FROM dedup_docs d WHERE d.doc IN (SELECT doc FROM dedup_bands WHERE key IN ({marks}))"
        return self._docs(sql + " ORDER BY d.doc", band_keys)

    def latest_doc(self, article: int) -> FingerprintDoc | None:
        sql = f"SELECT {_DOC_COLUMNS} FROM dedup_versions v JOIN dedup_docs d USING (doc) WHERE v.article = ?"
        found = self._docs(sql, (article,))
        return found[0] if found else None

    def add_fingerprints(self, batch: Sequence[NewFingerprints]) -> None:
        urls: list[tuple[int, int]] = []
        bands: list[tuple[int, int]] = []
        latest: list[tuple[int, int]] = []
        self._db.execute("BEGIN")
        try:
            for fp in batch:
                cursor = self._db.execute(
                    "INSERT INTO dedup_docs (article, version, content, signature) VALUES (?, ?, ?, ?)",
                    (fp.article, fp.version, fp.content, fp.signature),
                )
                doc = int(cursor.lastrowid or 0)
                urls.extend((key, doc) for key in fp.url_keys)
                bands.extend((key, doc) for key in fp.band_keys)
                if fp.version > 1:
                    latest.append((fp.article, doc))
            self._db.executemany("INSERT OR REPLACE INTO dedup_urls (key, doc) VALUES (?, ?)", urls)
            self._db.executemany("INSERT OR IGNORE INTO dedup_bands (key, doc) VALUES (?, ?)", sorted(bands))
            self._db.executemany("INSERT OR REPLACE INTO dedup_versions (article, doc) VALUES (?, ?)", latest)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def count_fingerprints(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM dedup_docs").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()
