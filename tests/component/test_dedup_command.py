"""`scrapy dedup` on JSONL files of articles, as a user runs it (e.g. to merge several crawls)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STORY = (
    "The Federal Communications Commission extended its ban on ZTE equipment to state and local networks on Thursday, "
    "citing national security. State agencies that received federal broadband grants must remove ZTE routers and radio "
    "units within eighteen months. ZTE rejected the accusation that its equipment was a security threat. "
) * 2
FAIR = "The county fair opens on Saturday with a tractor pull and a record number of livestock entries. " * 3


def record(url: str, text: str, canonical: str | None = None) -> dict[str, Any]:
    return {"id": "", "url": url, "canonical_url": canonical or url, "title": "t", "text": text, "language": "en",
            "version": 1, "duplicate_of": None, "topic_score": 7.5}


def write_jsonl(path: Path, records: list[dict[str, Any]], extra: str = "") -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def scrapy_dedup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "dedup", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_merges_two_crawls_keeping_first_seen_articles_and_new_versions(tmp_path: Path) -> None:
    monday = write_jsonl(tmp_path / "monday.jsonl", [
        record("https://a.example/zte", STORY), record("https://c.example/fair", FAIR),
    ])  # fmt: skip
    tuesday = write_jsonl(tmp_path / "tuesday.jsonl", [
        record("http://www.a.example/zte/?utm_source=rss", STORY),  # the same page again
        record("https://b.example/wire/77", STORY.replace("Thursday", "Wednesday") + " Share this."),  # a near copy
        record("https://d.example/mirror", STORY.upper()),  # an exact copy
        record("https://a.example/zte", STORY + " Update: ZTE will appeal."),  # the page changed: version 2
    ])  # fmt: skip
    out, rejected = tmp_path / "merged.jsonl", tmp_path / "rejected.jsonl"
    result = scrapy_dedup(str(monday), str(tuesday), "-O", str(out), "--rejected", str(rejected))
    assert result.returncode == 0, result.stderr
    kept = read_jsonl(out)
    assert [(r["url"], r["version"]) for r in kept] == [
        ("https://a.example/zte", 1), ("https://c.example/fair", 1), ("https://a.example/zte", 2),
    ]  # fmt: skip
    assert kept[0]["id"] == kept[2]["id"] and kept[0]["topic_score"] == 7.5 and len(kept[0]["content_hash"]) == 32
    assert [r["doc_id"] for r in kept] == [f"{kept[0]['id']}-v1", f"{kept[1]['id']}-v1", f"{kept[0]['id']}-v2"]
    reasons = {r["url"]: (r["reason"], r["duplicate_of"]) for r in read_jsonl(rejected)}
    assert reasons == {
        "http://www.a.example/zte/?utm_source=rss": ("duplicate/url", kept[0]["id"]),
        "https://b.example/wire/77": ("duplicate/near", kept[0]["id"]),
        "https://d.example/mirror": ("duplicate/exact", kept[0]["id"]),
    }
    assert "6 read, 3 kept" in result.stderr and "duplicate/near: 1" in result.stderr


def test_a_state_file_carries_over_between_runs_and_copies_can_be_kept(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    first = write_jsonl(tmp_path / "1.jsonl", [record("https://a.example/zte", STORY)])
    assert scrapy_dedup(str(first), "-o", str(tmp_path / "out.jsonl"), "--state", str(state)).returncode == 0
    second = write_jsonl(tmp_path / "2.jsonl", [record("https://a.example/zte", STORY), record("https://b.example/c", STORY)])
    result = scrapy_dedup(str(second), "-o", str(tmp_path / "out.jsonl"), "--state", str(state), "--keep-copies")
    assert result.returncode == 0, result.stderr
    kept = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["url"], r["duplicate_of"]) for r in kept] == [
        ("https://a.example/zte", None), ("https://b.example/c", kept[0]["id"]),
    ]  # fmt: skip


def test_bad_lines_are_reported_and_fail_the_run(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [record("https://a.example/zte", STORY), {"url": "https://x.example/"}],
                         extra="not json\n")
    result = scrapy_dedup(str(source), "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 1
    assert "in.jsonl:2: no text or no url" in result.stderr and "in.jsonl:3: not a JSON object" in result.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 1


def test_usage_errors(tmp_path: Path) -> None:
    assert scrapy_dedup(str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")).returncode == 2
    source = write_jsonl(tmp_path / "in.jsonl", [])
    assert scrapy_dedup(str(source)).returncode == 2  # no -o/-O
