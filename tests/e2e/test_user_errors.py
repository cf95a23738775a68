"""A user's mistake is one or two lines on stderr and exit code 2, never a traceback (unless --loglevel DEBUG)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import run_scrapy

pytestmark = pytest.mark.e2e


def assert_user_error(args: list[str], expected: str) -> None:
    result = run_scrapy(*args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert 1 <= len(lines) <= 2, result.stderr
    assert expected in lines[-1], result.stderr
    assert not result.stdout.strip(), result.stdout


@pytest.mark.parametrize(("setting", "expected"), [
    ("EXTRACT_WORKERS=abc", "EXTRACT_WORKERS='abc': must be a whole number >= 0"),
    ("DEDUP_NEAR_THRESHOLD=1.5", "DEDUP_NEAR_THRESHOLD='1.5': must be a number > 0 and <= 1"),
    ("EXTRACT_TIMEOUT=-1", "EXTRACT_TIMEOUT='-1': must be a number > 0"),
])  # fmt: skip
def test_a_bad_setting(setting: str, expected: str, tmp_path: Path) -> None:
    assert_user_error(["crawl", "topic", "-s", setting, "-s", f"OUTPUT_DIR={tmp_path}"], expected)


def test_output_dir_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "articles"
    file.write_text("not a folder")
    assert_user_error(["crawl", "topic", "-s", f"OUTPUT_DIR={file}"], f"OUTPUT_DIR={str(file)!r}: must be a folder")
    assert file.read_text() == "not a folder"


def test_a_missing_profile(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert_user_error(["crawl", "topic", "-a", f"profile={missing}", "-s", f"OUTPUT_DIR={tmp_path}"],
                      f"{missing}: cannot read the profile")
    assert not (tmp_path / "state.db").exists()  # refused before the crawl started


def test_an_unknown_spider_argument(tmp_path: Path) -> None:
    assert_user_error(["crawl", "topic", "-a", "profil=x.toml", "-s", f"OUTPUT_DIR={tmp_path}"],
                      "-a profil=: unknown argument of spider `topic`; did you mean `profile`?")


def test_urls_that_are_not_urls(tmp_path: Path) -> None:
    assert_user_error(["crawl", "topic", "-a", "urls=example.org", "-s", f"OUTPUT_DIR={tmp_path}"],
                      "-a urls=: 'example.org' is not an http(s) URL")


def test_an_unknown_spider(tmp_path: Path) -> None:
    assert_user_error(["crawl", "topik", "-s", f"OUTPUT_DIR={tmp_path}"], "no spider named 'topik'; did you mean `topic`?")


def test_debug_log_level_adds_the_traceback(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "topic", "-s", "EXTRACT_TIMEOUT=-1", "-s", f"OUTPUT_DIR={tmp_path}", "--loglevel", "DEBUG")
    assert result.returncode == 2
    assert "Traceback" in result.stderr and result.stderr.strip().endswith("must be a number > 0")


def test_dedup_on_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    latin1 = tmp_path / "articles.jsonl"
    data = '{"url": "http://a.example/1", "text": "la préfète"}\n'.encode("latin-1")
    latin1.write_bytes(data)
    assert_user_error(["dedup", str(latin1), "-o", str(tmp_path / "out.jsonl")],
                      f"scrapy dedup: error: {latin1} is not UTF-8 text (byte 0xe9 at offset {data.index(0xE9)})")
    assert not (tmp_path / "out.jsonl").exists()


def test_crawl_help_lists_the_spider_arguments() -> None:
    result = run_scrapy("crawl", "topic", "-h")
    assert result.returncode == 0
    assert "spider arguments of `topic` (-a NAME=VALUE):" in result.stdout
    assert "  profile " in result.stdout and "  urls " in result.stdout
