"""Which rows of a crawl go into the corpus: `articles.jsonl lines -> kept line numbers + why the others not`.

Two passes over the file, so memory holds a few fields per row, never the texts:
`scan` reads what the choice needs; `choose` picks, by default, one row per
story (copies flagged `duplicate_of` an exported original, and stories listed
in another row's `supersedes`, go; of the versions of a story the latest
stays), or every row (`all_versions`); then the filters apply (language, date
window on the publication day, minimum words, TDM reservation). Every row left
out is counted under `export/<reason>`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extraction.published import normalise_published
from crawler.store.jsonl import read_json_lines


@dataclass(frozen=True)
class ExportConfig:
    """What `scrapy export` writes; built once from the command line and the EXPORT_* settings."""

    formats: tuple[str, ...] = ("parquet", "jsonl")  # "parquet" (zstd) and/or "jsonl" (.jsonl.gz)
    shard_rows: int = 50_000  # rows per shard file
    datatrove: bool = False  # rows as {id, text, metadata} instead of the flat articles.jsonl fields
    all_versions: bool = False  # every row (versions and copies), not one per story
    languages: frozenset[str] = frozenset()  # keep only these languages (empty: all)
    since: str = ""  # keep only rows published on or after this day (YYYY-MM-DD)
    until: str = ""  # ...and on or before this day
    min_words: int = 0  # keep only rows with at least this many words
    respect_tdm: bool = False  # leave out rows whose publisher reserves text and data mining
    compression: str = "zstd"  # Parquet compression codec


@dataclass(frozen=True)
class Entry:
    """What the choice needs of one row."""

    line: int
    id: str
    version: int
    duplicate_of: str | None
    supersedes: tuple[str, ...]
    language: str | None
    day: str | None  # publication day YYYY-MM-DD
    words: int
    tdm_reserved: bool | None


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) for each non-empty line of a crawl's articles.jsonl; None for a line that is not one."""
    return read_json_lines(path)


def entry_of(number: int, record: dict[str, Any]) -> Entry | None:
    """The Entry of a record; None if it has no id or no text."""
    if not record.get("id") or not isinstance(record.get("text"), str):
        return None
    published, _ = normalise_published(record.get("published"))
    supersedes = record.get("supersedes") or []
    return Entry(
        line=number,
        id=str(record["id"]),
        version=int(record.get("version") or 1),
        duplicate_of=record.get("duplicate_of") or None,
        supersedes=tuple(str(s) for s in supersedes) if isinstance(supersedes, list) else (),
        language=record.get("language"),
        day=published[:10] if published else None,
        words=int(record.get("word_count") or len(record["text"].split())),
        tdm_reserved=record.get("tdm_reserved") if isinstance(record.get("tdm_reserved"), bool) else None,
    )


def scan(records: Iterable[tuple[int, dict[str, Any] | None]], counts: Counter[str]) -> list[Entry]:
    """The entries of the usable rows; the others are counted as export/unreadable."""
    entries: list[Entry] = []
    for number, record in records:
        counts["export/read"] += 1
        entry = entry_of(number, record) if record is not None else None
        if entry is None:
            counts["export/unreadable"] += 1
        else:
            entries.append(entry)
    return entries


def one_per_story(entries: list[Entry], counts: Counter[str]) -> list[Entry]:
    """Originals over copies, stories not superseded, the latest version of each."""
    ids = {e.id for e in entries}
    superseded = {s for e in entries for s in e.supersedes}
    latest: dict[str, Entry] = {}
    for entry in entries:
        if entry.duplicate_of and entry.duplicate_of in ids and entry.duplicate_of != entry.id:
            counts["export/copy"] += 1
        elif entry.id in superseded:
            counts["export/superseded"] += 1
        else:
            best = latest.get(entry.id)
            if best is not None:
                counts["export/older_version"] += 1
            if best is None or entry.version >= best.version:
                latest[entry.id] = entry
    return sorted(latest.values(), key=lambda e: e.line)


def left_out(entry: Entry, config: ExportConfig) -> str | None:
    """The filter that leaves the row out, or None."""
    if config.languages and entry.language not in config.languages:
        return "language"
    if config.since or config.until:
        if entry.day is None:
            return "no_date"
        if config.since and entry.day < config.since:
            return "too_old"
        if config.until and entry.day > config.until:
            return "too_new"
    if entry.words < config.min_words:
        return "too_short"
    if config.respect_tdm and entry.tdm_reserved is True:
        return "tdm_reserved"
    return None


def choose(entries: list[Entry], config: ExportConfig, counts: Counter[str]) -> set[int]:
    """The line numbers of the rows to export; the others counted by reason."""
    chosen = entries if config.all_versions else one_per_story(entries, counts)
    kept: set[int] = set()
    for entry in chosen:
        reason = left_out(entry, config)
        if reason:
            counts[f"export/{reason}"] += 1
        else:
            kept.add(entry.line)
    counts["export/kept"] = len(kept)
    return kept
