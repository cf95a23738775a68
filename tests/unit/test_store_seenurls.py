"""The run's article URLs: each added once, kept in a temporary table of the crawl's connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.store.connection import connect
from crawler.store.seenurls import SeenUrls


def test_a_url_is_new_once() -> None:
    seen = SeenUrls()
    assert seen.add("https://a.org/1") and seen.add("https://a.org/2")
    assert not seen.add("https://a.org/1")


def test_the_urls_live_in_a_temporary_table_of_the_connection_given_later(tmp_path: Path) -> None:
    opened: list[sqlite3.Connection] = []
    seen = SeenUrls(lambda: opened[0] if opened else None)
    opened.append(connect(tmp_path / "state.db"))
    seen.add("https://a.org/1")
    assert opened[0].execute("SELECT url FROM temp.article_urls").fetchall() == [("https://a.org/1",)]
    assert "article_urls" not in {row[0] for row in opened[0].execute("SELECT name FROM main.sqlite_master")}
    opened[0].close()
    again = connect(tmp_path / "state.db")  # gone with the run's connection
    assert again.execute("SELECT name FROM temp.sqlite_master WHERE name = 'article_urls'").fetchall() == []
