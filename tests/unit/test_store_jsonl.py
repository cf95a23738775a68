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


def test_a_torn_last_line_is_not_glued_to_the_next(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"n": 1}\n{"n": 2, "te', "utf-8")
    out = JsonlAppender(path)
    out.append({"n": 3})
    out.close()
    lines = path.read_text("utf-8").splitlines()
    assert json.loads(lines[0]) == {"n": 1} and json.loads(lines[-1]) == {"n": 3}
