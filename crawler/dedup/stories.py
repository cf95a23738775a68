"""One row per story from articles.jsonl records: `records -> records`.

The output is append-only: a page changed later is written again as a new
`version`, and an original that arrives after its copy was written carries
`supersedes: [copy ids]`. Resolving keeps, for each article id, its latest
version, and leaves out the articles some original supersedes and the copies
kept flagged with `duplicate_of`; the order is that of each kept row's first line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def resolve_stories(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest version of every article that is its story's original."""
    latest: dict[str, dict[str, Any]] = {}
    superseded: set[str] = set()
    for record in records:
        key = str(record.get("id") or record.get("canonical_url") or record.get("url"))
        superseded.update(record.get("supersedes") or ())
        if key not in latest or int(record.get("version") or 1) >= int(latest[key].get("version") or 1):
            latest[key] = record
    return [r for key, r in latest.items() if key not in superseded and not r.get("duplicate_of")]
