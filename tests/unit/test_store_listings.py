"""The run's listings: the first listing of a URL stays, hints come back as given, nothing outlives the connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.store.connection import CommitGroup, connect
from crawler.store.listings import Listings


def test_the_first_listing_stays_and_hints_round_trip() -> None:
    listings = Listings()
    assert listings.add("https://a.org/1", "sitemap", {"title": "Huawei écarté", "published": "2024-01-02"})
    assert not listings.add("https://a.org/1", "feed", {"title": "other"})
    assert listings.get("https://a.org/1") == ("sitemap", {"title": "Huawei écarté", "published": "2024-01-02"})
    assert listings.get("https://a.org/2") is None


def test_a_connection_given_later_is_opened_at_first_use(tmp_path: Path) -> None:
    opened: list[sqlite3.Connection] = []
    listings = Listings(lambda: opened[0] if opened else None)
    opened.append(connect(tmp_path / "state.db"))  # the crawl state's connection exists by the first listing
    listings.add("https://a.org/1", "sitemap", {})
    assert opened[0].execute("SELECT url FROM temp.listed").fetchall() == [("https://a.org/1",)]


def test_listings_live_in_a_temporary_table_of_the_run_and_join_an_open_group(tmp_path: Path) -> None:
    db = connect(tmp_path / "state.db", durable=False)
    group = CommitGroup(db, size=100, delay=60)
    with group.write():
        db.execute("CREATE TABLE IF NOT EXISTS t (x)")
        listings = Listings(db)
        listings.add("https://a.org/1", "feed", {})  # inside the group's open transaction
    group.commit()
    assert listings.get("https://a.org/1") == ("feed", {})
    db.close()
    again = sqlite3.connect(tmp_path / "state.db")
    assert again.execute("SELECT name FROM sqlite_master WHERE name = 'listed'").fetchone() is None  # not in the file
    assert Listings(again).get("https://a.org/1") is None  # gone with the run
