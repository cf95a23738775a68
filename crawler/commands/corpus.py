"""`scrapy corpus IN.jsonl [IN.jsonl...] -o OUT.jsonl`: one row per story, the original's latest version.

Reads articles.jsonl records and writes those `crawler.dedup.stories` keeps:
the latest version of each article id, without the copies an original
supersedes (`supersedes`) or kept flagged (`duplicate_of`). Prints how many
lines were read and written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.dedup.stories import resolve_stories


def read_lines(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"{path}:{number}: not a JSON line ({exc.msg})") from exc


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "IN.jsonl [IN.jsonl...] -o OUT.jsonl"

    def short_desc(self) -> str:
        return "One row per story from articles.jsonl: latest versions, originals instead of their copies"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", required=True, help="the JSON lines file to write")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one articles.jsonl file")
        paths = [Path(a) for a in args]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        records = list(read_lines(paths))
        kept = resolve_stories(records)
        with Path(opts.output).open("w", encoding="utf-8") as out:
            for record in kept:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"scrapy corpus: {len(records)} lines read, {len(kept)} stories written to {opts.output}")
