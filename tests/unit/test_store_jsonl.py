from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crawler.store.jsonl import JsonlAppender


def test_appends_whole_lines_across_reopenings(tmp_path: Path) -> None:
    path = tmp_path / "out" / "a.jsonl"
    out = JsonlAppender(path)
    out.append({"text": "préfète\nligne"})
    out.close()
    again = JsonlAppender(path, fsync=False)
    again.append({"n": 2})
    again.close()
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"text": "préfète\nligne"}, {"n": 2}]


def test_a_torn_last_line_is_cut_so_every_line_parses(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"n": 1}\n{"n": 2, "te', "utf-8")
    out = JsonlAppender(path)
    out.append({"n": 3})
    out.close()
    assert [json.loads(line) for line in path.read_text("utf-8").splitlines()] == [{"n": 1}, {"n": 3}]


def test_a_file_that_is_only_a_torn_line_becomes_empty(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"n": 2, "te' * 10000, "utf-8")
    JsonlAppender(path).close()
    assert path.read_bytes() == b""


def test_tail_reads_the_last_complete_records(tmp_path: Path) -> None:
    out = JsonlAppender(tmp_path / "a.jsonl", fsync=False)
    for n in range(1000):
        out.append({"n": n, "pad": "x" * 50})
    assert [r["n"] for r in out.tail(min_bytes=300)][-2:] == [998, 999]
    assert len(out.tail()) == 1000
    out.close()


def test_a_short_write_is_cut_back_off_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No space left in the middle of a group: none of its lines stays, not even a torn one (the outbox writes them later)."""
    path = tmp_path / "articles.jsonl"
    out = JsonlAppender(path, fsync=False)
    out.append({"id": "kept"})
    before = path.read_bytes()
    real_write = os.write

    def half_write(fd: int, data: bytes) -> int:
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr("crawler.store.jsonl.os.write", half_write)
    with pytest.raises(OSError, match="short write"):
        out.append_many([{"id": "a", "text": "x" * 100}, {"id": "b", "text": "y" * 100}])
    out.close()
    assert path.read_bytes() == before
