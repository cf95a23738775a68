"""Open the configured state backend by name."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crawler.store.base import StateStore


@dataclass(frozen=True)
class StoreConfig:
    """Which backend and where; built once from the STORE_* settings."""

    backend: str = "sqlite"
    sqlite_path: str = "output/state.db"


def open_store(config: StoreConfig, db: sqlite3.Connection | None = None) -> StateStore:
    """The backend named by config (SQLite on `db` if given); an unknown name is an error that lists the known ones."""
    if config.backend == "sqlite":
        from crawler.store.sqlite import SQLiteStore

        return SQLiteStore(db if db is not None else Path(config.sqlite_path))
    raise ValueError(f"STORE_BACKEND {config.backend!r} is unknown; known backends: sqlite")
