"""After a crash between the outbox commit and the line (or the fingerprints), the next start completes both, once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.dedup.fingerprints import content_hash
from crawler.items import Article
from crawler.pipelines.dedup import DedupPipeline
from crawler.pipelines.store import StorePipeline
from crawler.store.frontier_sqlite import SQLiteFrontier


def crawler_for(tmp_path: Path) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path))
    crawler = get_crawler(settings_dict=values)
    crawler.stats.open_spider()
    return crawler


def article(n: int) -> Article:
    text = f"Article {n}: the FCC banned ZTE equipment over national security concerns, officials said. " * 12
    return Article(url=f"https://a.org/{n}", canonical_url=f"https://a.org/{n}", title=f"ZTE {n}", text=text,
                   language="en", published=None, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")


def store_one(tmp_path: Path, n: int) -> dict[str, Any]:
    """Run an article through dedup and store as a crawl does, and return its record."""
    crawler = crawler_for(tmp_path)
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    item = dedup.process_item(article(n))
    store.write_group([item])
    dedup.close_spider()
    store.close_spider()
    return item.record()


def test_a_record_committed_but_not_written_is_appended_once_at_start(tmp_path: Path) -> None:
    store_one(tmp_path, 1)
    lost = article(2)
    lost.id, lost.content_hash = "00000000000000aa", "f" * 32
    outbox = SQLiteFrontier(tmp_path / "state.db")
    outbox.store_record("", None, lost.id, 1, json.dumps(lost.record()))  # the crash came before the line
    outbox.close()
    for _ in range(2):  # two restarts: appended by the first only
        crawler = crawler_for(tmp_path)
        store = StorePipeline.from_crawler(crawler)
        store.open_spider()
        store.close_spider()
    lines = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()]
    assert [r["url"] for r in lines] == ["https://a.org/1", "https://a.org/2"]


def test_a_line_already_written_is_not_written_again(tmp_path: Path) -> None:
    record = store_one(tmp_path, 1)
    outbox = SQLiteFrontier(tmp_path / "state.db")
    outbox.store_record("", None, "00000000000000bb", 1, json.dumps({**record, "id": "00000000000000bb"}))
    outbox.close()
    with (tmp_path / "articles.jsonl").open("a", encoding="utf-8") as out:  # the line made it, the mark did not
        out.write(json.dumps({**record, "id": "00000000000000bb"}) + "\n")
    store = StorePipeline.from_crawler(crawler_for(tmp_path))
    store.open_spider()
    store.close_spider()
    assert len((tmp_path / "articles.jsonl").read_text("utf-8").splitlines()) == 2


def test_fingerprints_an_older_state_kept_out_are_indexed_at_start(tmp_path: Path) -> None:
    # The record as the store stage writes it: its content_hash is the hash of its text as extracted.
    record = {**article(3).record(), "id": "00000000000000cc", "content_hash": content_hash(article(3).text)}
    outbox = SQLiteFrontier(tmp_path / "state.db")
    outbox.store_record("", None, record["id"], 1, json.dumps(record))  # committed before its fingerprints
    outbox.mark_written(record["id"], 1)
    outbox.close()
    again = DedupPipeline.from_crawler(crawler_for(tmp_path))
    again.open_spider()
    assert again.replay() == 0  # the first open replayed it already
    outbox = SQLiteFrontier(tmp_path / "state.db")
    assert outbox.unindexed() == [] and outbox.unwritten() == []
    outbox.close()
    verdict = again.dedup.check("https://b.org/copy", "https://b.org/copy", article(3).text)  # type: ignore[union-attr]
    assert not verdict.keep and verdict.reason == "duplicate/exact"
    again.close_spider()
