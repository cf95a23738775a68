"""`scrapy extract` on saved pages, as a user runs it."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def scrapy_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "extract", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_prints_one_json_line_per_file_with_raw_and_gz(tmp_path: Path) -> None:
    gz = tmp_path / "wire.html.gz"
    gz.write_bytes(gzip.compress((GOLDEN / "en_wire.html").read_bytes()))
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>", "utf-8")
    result = scrapy_extract(str(GOLDEN / "fr_latin1_as_utf8.html"), str(gz), str(empty), "--url", "https://n.example/a")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    latin1, wire, nothing = records
    assert latin1["title"] == "La préfète signe un décret sur la sécurité des réseaux" and latin1["language"] == "fr"
    assert wire["authors"] == ["Dana Whitfield", "Marco Bellini"] and wire["url"] == "https://n.example/a"
    assert wire["error"] is None
    assert nothing["error"] == "extract/empty" and nothing["text"] is None and nothing["title"] is None


def test_missing_file_fails_with_a_message(tmp_path: Path) -> None:
    result = scrapy_extract(str(tmp_path / "nope.html"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_no_file_is_a_usage_error() -> None:
    assert scrapy_extract().returncode == 2


def test_a_page_that_is_no_article_prints_the_reason(tmp_path: Path) -> None:
    from tests.unit.test_extraction_pagetype import thread_page

    saved = tmp_path / "thread.html"
    saved.write_text(thread_page(), "utf-8")
    result = scrapy_extract(str(saved), "--url", "https://forum.example/threads/boiler-pressure.123/")
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["error"] == "not_article/forum" and record["page_type"] == "forum"
    assert record["text"]  # what was found is still shown
