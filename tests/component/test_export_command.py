"""`scrapy export` as a user runs it, on an articles.jsonl written by hand (old and new rows)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from crawler.corpus.schema import ARTICLE_SCHEMA

ROOT = Path(__file__).resolve().parents[2]


def scrapy_export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "export", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def old_row(n: int, **fields: Any) -> dict[str, Any]:
    """A row as crawls wrote it before doc_id, published_precision, warc_* and tdm_* existed."""
    row = {"id": f"id{n}", "url": f"https://n.example/{n}", "canonical_url": f"https://n.example/{n}", "title": "t",
           "text": "word " * (50 + n), "language": "en", "published": "2020-07-29T10:15:00", "authors": [],
           "sitename": None, "fetched_at": "2026-01-01T00:00:00+00:00", "topic_score": 6, "topic_matches": [],
           "content_hash": "h", "word_count": 50 + n, "boilerplate_removed": 0, "quality_flags": [], "version": 1,
           "duplicate_of": None}  # fmt: skip
    row.update(fields)
    return row


def test_exports_old_rows_to_the_schema_and_reports(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    rows = [old_row(1), old_row(2, extra_field="x"), old_row(1, version=2), old_row(3, language="fr")]
    (crawl / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n", encoding="utf-8")
    done = scrapy_export(str(crawl), "-o", str(tmp_path / "corpus"), "--language", "en", "--format", "parquet")
    assert done.returncode == 1, done.stderr  # a line could not be read: reported, and the exit status says so
    assert "5 rows read, 2 exported" in done.stderr
    assert "export/older_version: 1" in done.stderr and "export/language: 1" in done.stderr
    assert "export/unreadable: 1" in done.stderr and "not exported: extra_field" in done.stderr
    table = pq.read_table(tmp_path / "corpus" / "data")
    assert table.schema.equals(ARTICLE_SCHEMA)
    exported = {r["doc_id"]: r for r in table.to_pylist()}
    assert set(exported) == {"id1-v2", "id2-v1"}
    assert (exported["id2-v1"]["published"], exported["id2-v1"]["published_precision"]) == ("2020-07-29", "date")
    assert not list((tmp_path / "corpus" / "data").glob("*.jsonl.gz"))
    card = (tmp_path / "corpus" / "README.md").read_text(encoding="utf-8")
    assert "| en | 2 |" in card and "| (none) | 0 |" in card  # no rejected.jsonl: no crawl drops


def test_usage_errors(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "articles.jsonl").write_text(json.dumps(old_row(1)) + "\n", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("", encoding="utf-8")
    for args, message in [
        ((str(tmp_path / "none"), "-o", str(tmp_path / "c")), "no articles file"),
        ((str(crawl), "-o", str(tmp_path / "full")), "is not empty"),
        ((str(crawl), "-o", str(tmp_path / "c"), "--since", "2020-13-01"), "YYYY-MM-DD"),
        ((str(crawl), "-o", str(tmp_path / "c"), "--format", "csv"), "--format"),
        ((str(crawl),), "-o CORPUS_DIR"),
    ]:
        done = scrapy_export(*args)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
