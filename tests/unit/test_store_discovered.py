"""The run's requested URLs and sent URLs: the same answers as the dicts and sets they replace, kept in temporary
tables of the crawl's connection (on disk, gone with the run), not in the crawl process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.store.connection import connect
from crawler.store.discovered import Discovered
from crawler.store.sentlog import SentLog


def test_a_url_keeps_its_best_priority_and_says_what_it_had() -> None:
    found = Discovered()
    assert found.request("https://a.org/1", 10) == (None, False)  # first request
    assert found.request("https://a.org/1", 5) == (10, False)  # lower: the best stays
    assert found.request("https://a.org/1", 40) == (10, False)
    assert found.request("https://a.org/1", 20) == (40, False)


def test_a_settled_url_says_so_and_a_settle_before_any_request_is_no_request() -> None:
    found = Discovered()
    found.request("https://a.org/1", 10)
    found.settle("https://a.org/1")
    assert found.is_settled("https://a.org/1") and found.request("https://a.org/1", 90) == (10, True)
    found.settle("https://a.org/2")
    assert found.request("https://a.org/2", 7) == (None, True)
    assert not found.is_settled("https://a.org/3")


def test_a_hub_is_taken_once() -> None:
    found = Discovered()
    found.request("https://a.org/", 3)
    found.mark_hub("https://a.org/")
    found.mark_hub("https://a.org/section")
    assert found.take_hub("https://a.org/") and not found.take_hub("https://a.org/")
    assert found.take_hub("https://a.org/section") and not found.take_hub("https://a.org/other")
    assert found.request("https://a.org/", 1) == (3, False)  # a hub mark keeps the URL's priority


def test_a_sent_url_is_new_once() -> None:
    sent = SentLog()
    assert sent.add("https://a.org/1") and not sent.add("https://a.org/1")
    assert "https://a.org/1" in sent and "https://a.org/2" not in sent


def test_both_live_in_temporary_tables_of_the_crawl_connection(tmp_path: Path) -> None:
    db = connect(tmp_path / "state.db", durable=False)
    found, sent = Discovered(lambda: db), SentLog(db)
    for i in range(1000):
        found.request(f"https://a.org/{i}", i)
        sent.add(f"https://a.org/{i}")
    assert db.execute("SELECT count(*) FROM temp.discovered").fetchone() == (1000,)
    assert db.execute("SELECT count(*) FROM temp.sent").fetchone() == (1000,)
    db.close()
    again = sqlite3.connect(tmp_path / "state.db")
    assert again.execute("SELECT name FROM sqlite_master WHERE name IN ('discovered', 'sent')").fetchall() == []
    assert Discovered(again).request("https://a.org/1", 1) == (None, False)  # gone with the run
