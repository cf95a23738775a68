"""The corpus room: which rows are exported, their types, the shards and the dataset card's counts."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from crawler.corpus.card import CardFacts, CorpusCounts, render_card
from crawler.corpus.schema import ARTICLE_SCHEMA, DATATROVE_SCHEMA, FIELD_NAMES, datatrove_row, to_row
from crawler.corpus.selection import ExportConfig, choose, read_lines, scan
from crawler.corpus.shards import ShardWriter
from crawler.items import Article


def record(id_: str, version: int = 1, **fields: Any) -> dict[str, Any]:
    base = Article(url=f"https://news.example/{id_}", canonical_url=f"https://news.example/{id_}", title="T",
                   text="word " * 100, language="en", published="2021-03-02", authors=[], sitename=None,
                   fetched_at="2026-01-01T00:00:00+00:00", id=id_, version=version, published_precision="date")  # fmt: skip
    row = base.record()
    row.update(fields)
    return row


def chosen(records: list[dict[str, Any]], **config: Any) -> tuple[list[str], Counter[str]]:
    counts: Counter[str] = Counter()
    kept = choose(scan(enumerate(records, 1), counts), ExportConfig(**config), counts)
    return [records[n - 1]["doc_id"] for n in sorted(kept)], counts


def test_one_row_per_story_latest_version_originals_over_copies() -> None:
    rows = [record("a"), record("b"), record("a", 2), record("c", duplicate_of="b"), record("d", duplicate_of="zz")]
    kept, counts = chosen(rows)
    assert kept == ["b-v1", "a-v2", "d-v1"]  # a copy whose original is not in the file stays
    assert (counts["export/older_version"], counts["export/copy"], counts["export/kept"]) == (1, 1, 3)
    kept, _ = chosen(rows, all_versions=True)
    assert kept == ["a-v1", "b-v1", "a-v2", "c-v1", "d-v1"]


def test_supersedes_removes_the_stories_it_lists() -> None:
    kept, counts = chosen([record("a"), record("b", supersedes=["a"])])
    assert kept == ["b-v1"] and counts["export/superseded"] == 1


def test_filters_apply_after_the_latest_version_is_chosen() -> None:
    rows = [record("a", language="en"), record("a", 2, language="fr"), record("b", language="fr")]
    kept, counts = chosen(rows, languages=frozenset({"en"}))
    assert kept == [] and counts["export/language"] == 2


def test_date_window_words_and_tdm_filters() -> None:
    rows = [
        record("old", published="2019-12-31T23:00:00-02:00"), record("in", published="2020-06-01"),
        record("nodate", published=None), record("short", published="2020-06-01", word_count=10),
        record("reserved", published="2020-06-01", tdm_reserved=True), record("free", published="2020-06-01", tdm_reserved=False),
    ]  # fmt: skip
    kept, counts = chosen(rows, since="2020-01-01", until="2020-12-31", min_words=50, respect_tdm=True)
    assert kept == ["in-v1", "free-v1"]
    assert {k: v for k, v in counts.items() if k not in ("export/read", "export/kept")} == {
        "export/too_old": 1, "export/no_date": 1, "export/too_short": 1, "export/tdm_reserved": 1}  # fmt: skip
    kept, _ = chosen(rows)
    assert len(kept) == 6  # no filter: TDM-reserved texts are exported (and flagged) unless asked


def test_unreadable_lines_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps(record("a")) + "\nnot json\n[1]\n\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    counts: Counter[str] = Counter()
    assert [e.id for e in scan(read_lines(path), counts)] == ["a"]
    assert counts == {"export/read": 4, "export/unreadable": 3}


def test_rows_of_an_older_crawl_get_the_schema() -> None:
    old = {"id": "abc", "url": "u", "canonical_url": "u", "title": None, "text": "t", "language": None,
           "published": "2020-07-29T10:15:00.5+02:00", "authors": ["A"], "sitename": None, "fetched_at": "f",
           "topic_score": 3, "topic_matches": [], "content_hash": "h", "version": 2, "duplicate_of": None}  # fmt: skip
    row = to_row(old)
    assert list(row) == list(FIELD_NAMES)
    assert row["doc_id"] == "abc-v2" and row["topic_score"] == 3.0 and isinstance(row["topic_score"], float)
    assert (row["published"], row["published_precision"]) == ("2020-07-29T10:15:00+02:00", "datetime")
    assert row["tdm_reserved"] is None and row["quality_flags"] == []
    with pytest.raises(ValueError):
        to_row({**old, "authors": "A"})
    with pytest.raises(ValueError):
        to_row({**old, "tdm_reserved": "yes"})


def test_record_has_a_unique_doc_id_and_every_schema_field() -> None:
    row = record("abc", 3)
    assert row["doc_id"] == "abc-v3" and row["id"] == "abc"
    assert list(row) == list(FIELD_NAMES)


def test_shards_of_a_set_size_with_the_explicit_schema(tmp_path: Path) -> None:
    writer = ShardWriter(tmp_path, "articles", ARTICLE_SCHEMA, ("parquet", "jsonl"), rows_per_shard=2)
    for n in range(5):
        writer.write(to_row(record(f"id{n}")))  # duplicate_of and tdm_reserved null in every row
    files = writer.close()
    assert [f.name for f in files] == [f"articles-0000{i}.{ext}" for i in range(3) for ext in ("parquet", "jsonl.gz")]
    tables = [pq.read_table(f) for f in files if f.suffix == ".parquet"]
    assert [t.num_rows for t in tables] == [2, 2, 1]
    assert all(t.schema.equals(ARTICLE_SCHEMA) for t in tables)
    assert pq.ParquetFile(files[0]).metadata.row_group(0).column(0).compression == "ZSTD"
    with gzip.open(files[1], "rt", encoding="utf-8") as lines:
        assert [json.loads(line)["doc_id"] for line in lines] == ["id0-v1", "id1-v1"]


def test_an_empty_export_still_has_a_shard_with_the_schema(tmp_path: Path) -> None:
    files = ShardWriter(tmp_path, "articles", DATATROVE_SCHEMA, ("parquet",), 10).close()
    assert len(files) == 1 and pq.read_table(files[0]).schema.equals(DATATROVE_SCHEMA)


def test_datatrove_form() -> None:
    row = datatrove_row(to_row(record("abc", 2)))
    assert (row["id"], row["metadata"]["story_id"], row["metadata"]["version"]) == ("abc-v2", "abc", 2)
    assert "text" not in row["metadata"] and "doc_id" not in row["metadata"]


def test_card_counts() -> None:
    counts = CorpusCounts()
    rows = [to_row(record("a", language="fr", published="2021-03-02", tdm_reserved=True)),
            to_row(record("b", url="https://other.example/b", published="2021-04-01T10:00:00+02:00")),
            to_row(record("c", published=None, published_precision=None))]  # fmt: skip
    for row in rows:
        counts.add(row)
    assert counts.language == {"fr": 1, "en": 2}
    assert counts.host == {"news.example": 2, "other.example": 1}
    assert counts.month == {"2021-03": 1, "2021-04": 1, "unknown": 1}
    assert counts.tdm == {"reserved": 1, "no signal": 2}
    facts = CardFacts("p", "about p", "p.toml", (("2026-01-01T00:00:00+00:00", None, None, None),),
                      {"duplicate/exact": 4}, {"export/read": 5, "export/copy": 2, "export/kept": 3}, ExportConfig(),
                      ("data/articles-00000.parquet",), ARTICLE_SCHEMA, "output")  # fmt: skip
    card = render_card(facts, counts)
    assert card.startswith("---\n") and "license: other" in card and "  - name: tdm_reserved\n    dtype: bool" in card
    for line in ("| fr | 1 |", "| en | 2 |", "| news.example | 2 |", "| 2021-04 | 1 |", "| reserved | 1 |",
                 "| duplicate/exact | 4 |", "| export/copy | 2 |", "| (killed) |", "belong to their publishers"):
        assert line in card, line
