"""Opening the crawl's SQLite file: one place for its folder, journal mode and durability."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: str | Path, schema: str = "", durable: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, FULL sync when durable."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    if schema:
        db.executescript(schema)
    return db
