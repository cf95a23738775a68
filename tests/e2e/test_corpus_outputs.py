"""End-to-end: the corpus outputs of real crawls of the fixture web.

Two crawls (the second keeps copies, flagged `duplicate_of`) write WARC files;
warcio reads them back; `scrapy reextract` turns the first one's WARC into the
same articles without fetching; `scrapy export` makes corpora that pyarrow,
Hugging Face `datasets` (both crawls together) and datatrove's readers load; the
dataset card's counts match the rows; the TDM signals of the tdmpress pages are
recorded and `--respect-tdm` leaves the reserved texts out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.corpus.schema import ARTICLE_SCHEMA, DATATROVE_SCHEMA
from tests.e2e.crawling import PROJECT_DIR, PROXY_VARS, parse_stats, path_of, read_jsonl, run_topic_crawl
from tests.fixtureweb.server import SITE_DIR, FixtureWeb

pytestmark = pytest.mark.e2e

EXPECTED: dict[str, Any] = tomllib.loads((SITE_DIR.parent / "expected.toml").read_text(encoding="utf-8"))
# What the tdmpress pages declare, and what each article must record.
TDM = {
    "/article/fcc-covered-list-update": (True, "header:tdm-reservation"),
    "/article/commerce-entity-list-hikvision": (True, "meta:tdm-reservation"),
    "/article/pentagon-ndaa-zte": (True, "meta:robots"),
    "/article/rip-and-replace-funding": (False, "meta:tdm-reservation"),
    "/article/senate-hearing-huawei-espionage": (True, "robots.txt"),  # its robots.txt: GPTBot, CCBot disallowed
}
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Crawl:
    out: Path
    returncode: int | None
    log: str
    articles: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    stats: dict[str, float]


def crawl_into(web: FixtureWeb, out: Path, *extra: str) -> Crawl:
    out.mkdir(parents=True)
    urls = [web.url(s["host"], s["path"]) for s in EXPECTED["crawl"]["start"]] + [web.url("tdmpress", "/")]
    code, log = run_topic_crawl(["-a", "urls=" + ",".join(urls), *extra], out, out.parent / f"{out.name}.log")
    return Crawl(out, code, log, read_jsonl(out / "articles.jsonl"), read_jsonl(out / "rejected.jsonl"), parse_stats(log))


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=PROJECT_DIR, env=env, capture_output=True,
                          text=True, timeout=180)  # fmt: skip


def exported(corpus: Path, *args: str) -> Path:
    done = scrapy("export", *args, "-o", str(corpus))
    assert done.returncode == 0, done.stderr[-3000:]
    return corpus


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.fixture(scope="module")
def crawl(fixture_web: FixtureWeb, base: Path) -> Crawl:
    """A crawl with Scrapy's feed export on as well."""
    return crawl_into(fixture_web, base / "crawl", "-O", str(base / "feed.jsonl"))


@pytest.fixture(scope="module")
def copies(fixture_web: FixtureWeb, base: Path) -> Crawl:
    """A second crawl that keeps copies, flagged with duplicate_of."""
    return crawl_into(fixture_web, base / "copies", "-s", "DEDUP_KEEP_COPIES=True")


@pytest.fixture(scope="module")
def reextracted(crawl: Crawl, base: Path) -> list[dict[str, Any]]:
    done = scrapy("reextract", str(crawl.out / "warc"), "-o", str(base / "again"), "-s", "LOG_LEVEL=WARNING")
    assert done.returncode == 0, done.stderr[-3000:]
    return read_jsonl(base / "again" / "articles.jsonl")


@pytest.fixture(scope="module")
def corpora(crawl: Crawl, copies: Crawl, base: Path) -> dict[str, Path]:
    return {
        "crawl": exported(base / "c1", str(crawl.out), "--shard-rows", "4"),
        "copies": exported(base / "c2", str(copies.out), "--all-versions"),
        "datatrove": exported(base / "dt", str(crawl.out), "--datatrove"),
        "filtered": exported(base / "f", str(crawl.out), "--respect-tdm", "--language", "en", "--min-words", "100"),
    }


def files(corpus: Path, pattern: str) -> list[str]:
    return sorted(str(p) for p in (corpus / "data").glob(pattern))


def rows_of(corpus: Path) -> list[dict[str, Any]]:
    return pq.read_table(files(corpus, "*.parquet")).to_pylist()


# --- the crawls and their WARC files --------------------------------------------------------
def test_crawls_keep_articles(crawl: Crawl, copies: Crawl) -> None:
    for run in (crawl, copies):
        assert run.returncode == 0, run.log[-3000:]
        assert run.articles
    assert any(a["duplicate_of"] for a in copies.articles)
    assert not any(a["duplicate_of"] for a in crawl.articles)


def test_every_response_is_archived_with_its_request(crawl: Crawl) -> None:
    responses: dict[str, str] = {}
    requests: list[str] = []
    for warc in sorted((crawl.out / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Record-ID")] = record.rec_headers.get_header("WARC-Target-URI")
                elif record.rec_type == "request":
                    requests.append(record.rec_headers.get_header("WARC-Concurrent-To"))
    assert len(responses) == crawl.stats["downloader/response_count"] == crawl.stats["warc/records"]
    assert sorted(requests) == sorted(responses)
    assert any(path_of(url) == "/robots.txt" for url in responses.values())
    for article in crawl.articles:
        assert path_of(responses[article["warc_record_id"]]) == path_of(article["url"]), article["url"]
        assert (crawl.out / "warc" / article["warc_file"]).is_file()


def test_reextract_gives_the_same_articles(crawl: Crawl, reextracted: list[dict[str, Any]]) -> None:
    assert sorted(reextracted, key=lambda r: r["doc_id"]) == sorted(crawl.articles, key=lambda r: r["doc_id"])


def test_tdm_signals_are_recorded(crawl: Crawl) -> None:
    found = {path_of(a["url"]): (a["tdm_reserved"], a["tdm_source"]) for a in crawl.articles if path_of(a["url"]) in TDM}
    assert found == TDM
    others = [a for a in crawl.articles if path_of(a["url"]) not in TDM]
    assert others and all(a["tdm_reserved"] is None and a["tdm_source"] is None for a in others)


def test_one_type_per_field(crawl: Crawl, copies: Crawl) -> None:
    for article in crawl.articles + copies.articles:
        precision, published = article["published_precision"], article["published"]
        pattern = {"datetime": DATETIME, "date": DATE}.get(precision)
        assert (pattern is None and published is None) or (pattern and pattern.fullmatch(published)), article
        assert article["doc_id"] == f"{article['id']}-v{article['version']}"
    assert len({a["doc_id"] for a in crawl.articles}) == len(crawl.articles)


def test_feed_export_has_the_rows_of_articles_jsonl(crawl: Crawl, base: Path) -> None:
    feed = read_jsonl(base / "feed.jsonl")
    assert [list(r) for r in feed] == [list(a) for a in crawl.articles]
    assert sorted(feed, key=lambda r: r["doc_id"]) == sorted(crawl.articles, key=lambda r: r["doc_id"])


# --- the export ---------------------------------------------------------------------------------
def test_pyarrow_reads_the_shards_with_one_schema(crawl: Crawl, corpora: dict[str, Path]) -> None:
    shards = [pq.read_table(f) for f in files(corpora["crawl"], "*.parquet")]
    assert len(shards) > 1 and all(t.num_rows <= 4 for t in shards)
    both = pa.concat_tables(shards + [pq.read_table(f) for f in files(corpora["copies"], "*.parquet")])
    assert both.schema.equals(ARTICLE_SCHEMA)
    assert sorted(r["doc_id"] for r in rows_of(corpora["crawl"])) == sorted(a["doc_id"] for a in crawl.articles)
    assert pq.read_table(files(corpora["datatrove"], "*.parquet")).schema.equals(DATATROVE_SCHEMA)


def test_datasets_loads_two_crawls_together(
    crawl: Crawl, copies: Crawl, corpora: dict[str, Path], base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets

    cache = str(base / "hf-cache")
    total = len(crawl.articles) + len(copies.articles)
    parquet = files(corpora["crawl"], "*.parquet") + files(corpora["copies"], "*.parquet")
    both = datasets.load_dataset("parquet", data_files=parquet, cache_dir=cache, split="train")
    assert both.num_rows == total
    features = datasets.Features.from_arrow_schema(ARTICLE_SCHEMA)
    jsonl = files(corpora["crawl"], "*.jsonl.gz") + files(corpora["copies"], "*.jsonl.gz")
    both = datasets.load_dataset("json", data_files=jsonl, features=features, cache_dir=cache, split="train")
    assert both.num_rows == total
    assert sorted(both["doc_id"]) == sorted(a["doc_id"] for a in crawl.articles + copies.articles)
    folder = datasets.load_dataset(str(corpora["crawl"]), cache_dir=cache, split="train")  # the card gives the features
    assert folder.num_rows == len(crawl.articles) and folder.features == features


def test_datatrove_readers(crawl: Crawl, corpora: dict[str, Path]) -> None:
    from datatrove.pipeline.readers import JsonlReader, ParquetReader

    folder = str(corpora["datatrove"] / "data")
    for reader in (JsonlReader(folder, glob_pattern="*.jsonl.gz"), ParquetReader(folder, glob_pattern="*.parquet")):
        documents = list(reader())
        assert sorted(d.id for d in documents) == sorted(a["doc_id"] for a in crawl.articles)
        by_id = {a["doc_id"]: a for a in crawl.articles}
        for document in documents:
            assert document.text == by_id[document.id]["text"]
            assert document.metadata["story_id"] == by_id[document.id]["id"]


def card_table(card: str, title: str) -> dict[str, int]:
    """The rows of the card's Markdown table whose header starts with `| title |`."""
    block = card.split(f"| {title} | rows |", 1)[1].split("\n\n", 1)[0]
    return {m[0]: int(m[1]) for m in re.findall(r"^\| (.+?) \| (\d+) \|$", block, re.M)}


def test_dataset_card_counts(crawl: Crawl, corpora: dict[str, Path]) -> None:
    card = (corpora["crawl"] / "README.md").read_text(encoding="utf-8")
    rows = rows_of(corpora["crawl"])
    assert card_table(card, "language") == Counter(r["language"] or "unknown" for r in rows)
    assert card_table(card, "published (month)") == Counter((r["published"] or "")[:7] or "unknown" for r in rows)
    assert sum(card_table(card, "host").values()) == len(rows)
    reasons = Counter(r["reason"].split(":", 1)[0] for r in crawl.rejected)
    assert card_table(card, "reason") == reasons and reasons["duplicate/exact"] >= 1
    tdm = Counter({True: "reserved", False: "not reserved", None: "no signal"}[r["tdm_reserved"]] for r in rows)
    assert card_table(card, "TDM signal") == tdm
    assert "belong to their publishers" in card and "us-security-measures-chinese-telecom" in card


def test_respect_tdm_and_filters(crawl: Crawl, corpora: dict[str, Path]) -> None:
    rows = rows_of(corpora["filtered"])
    expected = [a for a in crawl.articles if not a["tdm_reserved"] and a["language"] == "en" and a["word_count"] >= 100]
    assert sorted(r["doc_id"] for r in rows) == sorted(a["doc_id"] for a in expected)
    assert any(a["tdm_reserved"] for a in crawl.articles)
    card = (corpora["filtered"] / "README.md").read_text(encoding="utf-8")
    left = card_table(card.split("What the export left out", 1)[1], "reason")
    assert left["export/tdm_reserved"] >= 1 and sum(left.values()) == len(crawl.articles) - len(rows)
