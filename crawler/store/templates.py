"""Per-host block statistics for template learning, kept across runs (SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from crawler.store.connection import CommitGroup, attach, grouped_write, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS template_lines (
    host TEXT NOT NULL, key TEXT NOT NULL, page TEXT NOT NULL,
    PRIMARY KEY (host, page, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_pages (
    host TEXT NOT NULL, page TEXT NOT NULL,
    PRIMARY KEY (host, page)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_blocks (
    host TEXT NOT NULL, key TEXT NOT NULL, ident TEXT NOT NULL,
    PRIMARY KEY (host, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_counts (
    host TEXT NOT NULL, key TEXT NOT NULL, pages INTEGER NOT NULL,
    PRIMARY KEY (host, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS template_hosts (host TEXT PRIMARY KEY, pages INTEGER NOT NULL) WITHOUT ROWID;
"""
# Counts kept beside the rows, so a lookup reads one row per key however many pages a host has; a state
# written before they existed gets them once.
_BACKFILL = """
INSERT INTO template_counts SELECT host, key, COUNT(*) FROM template_lines GROUP BY host, key;
INSERT INTO template_hosts SELECT host, COUNT(*) FROM template_pages GROUP BY host;
"""
# A page's rows side by side (keyed by host, page, key): recording a page writes a few B-tree pages of this table,
# not one per block. Keyed by (host, key, page) with an index by page, as a state written before had them, each
# of a page's ~150 blocks landed on its own page of the table, rewritten to the WAL at every commit: 35 to 50 %
# of the time a page's record took. Such a state is rewritten once, on open.
_REKEY_LINES = """
CREATE TABLE template_lines_rekeyed (
    host TEXT NOT NULL, key TEXT NOT NULL, page TEXT NOT NULL,
    PRIMARY KEY (host, page, key)
) WITHOUT ROWID;
INSERT INTO template_lines_rekeyed (host, key, page) SELECT host, key, page FROM template_lines ORDER BY host, page, key;
DROP TABLE template_lines;
ALTER TABLE template_lines_rekeyed RENAME TO template_lines;
"""


class TemplateStore(Protocol):
    """On how many distinct pages of a host each block (a key, with its text's identity) was seen."""

    def host_pages(self, host: str) -> int:
        """Distinct pages recorded for the host."""

    def line_pages(self, host: str, keys: Sequence[str]) -> dict[str, int]:
        """For each key, the distinct pages of the host it was seen on (absent: none)."""

    def page_blocks(self, host: str, page: str) -> list[tuple[str, str]]:
        """The (key, identity) of the blocks recorded for one page of the host."""

    def record(self, host: str, page: str, blocks: Sequence[tuple[str, str]]) -> None:
        """Note that the page holds these (key, identity) blocks (recording a page twice changes nothing)."""

    def close(self) -> None:
        """Release the backend; the statistics stay for the next run."""


class SQLiteTemplateStore:
    """TemplateStore in the crawl's SQLite file; with `group`, a page's record shares a commit with the writes
    around it (`CommitGroup`): a crash loses at most the last moment's pages, as if they came a moment later."""

    def __init__(self, db: str | Path | sqlite3.Connection, group: CommitGroup | None = None) -> None:
        self._db, self._owned = attach(db, _SCHEMA, durable=False)
        self.group = group
        table = self._db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'template_lines'").fetchone()
        if "(host, key, page)" in " ".join(str(table[0]).split()):
            with transaction(self._db):
                for statement in _REKEY_LINES.strip().split(";\n"):
                    self._db.execute(statement.rstrip(";"))
        counted = self._db.execute("SELECT EXISTS (SELECT 1 FROM template_hosts)").fetchone()[0]
        if not counted and self._db.execute("SELECT EXISTS (SELECT 1 FROM template_pages)").fetchone()[0]:
            with transaction(self._db):
                for statement in _BACKFILL.strip().split(";\n"):
                    self._db.execute(statement.rstrip(";"))

    def host_pages(self, host: str) -> int:
        row = self._db.execute("SELECT pages FROM template_hosts WHERE host = ?", (host,)).fetchone()
        return int(row[0]) if row else 0

    def line_pages(self, host: str, keys: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, pages FROM template_counts WHERE host = ? AND key IN ({marks})", (host, *chunk)
            )
            counts.update((str(key), int(n)) for key, n in rows)
        return counts

    def page_blocks(self, host: str, page: str) -> list[tuple[str, str]]:
        rows = self._db.execute(
            "SELECT l.key, b.ident FROM template_lines l JOIN template_blocks b ON b.host = l.host AND b.key = l.key "
            "WHERE l.host = ? AND l.page = ?",
            (host, page),
        )
        return [(str(key), str(ident)) for key, ident in rows]

    def record(self, host: str, page: str, blocks: Sequence[tuple[str, str]]) -> None:
        unique = dict(blocks)
        with grouped_write(self._db, self.group, atomic=True):  # a page's rows go together
            first_time = self._db.execute("INSERT OR IGNORE INTO template_pages VALUES (?, ?)", (host, page)).rowcount
            if first_time:
                self._db.execute("INSERT INTO template_hosts VALUES (?, 1) "
                                 "ON CONFLICT (host) DO UPDATE SET pages = pages + 1", (host,))
            known = set() if first_time else {r[0] for r in self._db.execute(
                "SELECT key FROM template_lines WHERE host = ? AND page = ?", (host, page))}
            new = sorted(key for key in unique if key not in known)  # the order of this page's rows in the table
            self._db.executemany("INSERT INTO template_lines VALUES (?, ?, ?)", [(host, key, page) for key in new])
            self._db.executemany("INSERT INTO template_counts VALUES (?, ?, 1) "
                                 "ON CONFLICT (host, key) DO UPDATE SET pages = pages + 1", [(host, key) for key in new])
            self._db.executemany("INSERT OR IGNORE INTO template_blocks VALUES (?, ?, ?)",
                                 [(host, key, unique[key]) for key in new])

    def close(self) -> None:
        if self._owned:
            self._db.close()
