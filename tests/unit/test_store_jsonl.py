from __future__ import annotations

import json
from pathlib import Path

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
