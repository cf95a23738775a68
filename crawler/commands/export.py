"""`scrapy export [CRAWL_DIR] -o CORPUS_DIR`: a crawl's articles as a corpus (Parquet / JSONL.gz shards + dataset card).

CRAWL_DIR is a crawl's output folder (default: OUTPUT_DIR). CORPUS_DIR gets
`data/articles-NNNNN.parquet` (zstd) and `.jsonl.gz` shards and a `README.md`
dataset card. One row per story by default; `--all-versions` keeps every row.
Filters: `--language`, `--since`/`--until` (publication day), `--min-words`,
`--respect-tdm`. `--datatrove` writes rows as {id, text, metadata}. The card
names the profile of `-s TOPIC_PROFILE=` (the built-in one by default).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from crawler.corpus.selection import ExportConfig, choose, read_lines, scan
from crawler.relevance.profile import ProfileError, load_profile
from crawler.store.runs import SQLiteRuns


def _day(value: str | None, option: str) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{option} needs a day as YYYY-MM-DD, got {value!r}", print_help=False) from None


def export_config(opts: argparse.Namespace, settings: BaseSettings) -> ExportConfig:
    """The export's config from the command line, with the EXPORT_* settings as defaults."""
    formats = tuple(f.strip() for f in (opts.format or settings.get("EXPORT_FORMATS")).split(",") if f.strip())
    if not formats or set(formats) - {"parquet", "jsonl"}:
        raise UsageError(f"--format is parquet, jsonl or parquet,jsonl; got {opts.format!r}", print_help=False)
    shard_rows = opts.shard_rows or settings.getint("EXPORT_SHARD_ROWS")
    if shard_rows < 1:
        raise UsageError("--shard-rows must be at least 1", print_help=False)
    return ExportConfig(
        formats=formats,
        shard_rows=shard_rows,
        datatrove=opts.datatrove,
        all_versions=opts.all_versions,
        languages=frozenset(x.strip() for x in (opts.language or "").split(",") if x.strip()),
        since=_day(opts.since, "--since"),
        until=_day(opts.until, "--until"),
        min_words=opts.min_words or 0,
        respect_tdm=opts.respect_tdm,
        compression=settings.get("EXPORT_PARQUET_COMPRESSION"),
    )


def crawl_file(crawl_dir: Path, settings: BaseSettings, key: str) -> Path:
    name = Path(settings.get(key))
    return name if name.is_absolute() else crawl_dir / name


def rejected_counts(path: Path) -> dict[str, int]:
    """Crawl drops by reason code, from rejected.jsonl."""
    counts: Counter[str] = Counter()
    if path.exists():
        for _, record in read_lines(path):
            reason = str((record or {}).get("reason") or "unknown")
            counts[reason.split(":", 1)[0].strip()] += 1
    return dict(counts)


def crawl_runs(path: Path) -> tuple[tuple[str, str | None, str | None, int | None], ...]:
    if not path.exists():
        return ()
    runs = SQLiteRuns(path)
    try:
        return tuple((r.started_at, r.finished_at, r.reason, r.articles) for r in reversed(runs.last(1000)))
    finally:
        runs.close()


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[CRAWL_DIR] -o CORPUS_DIR [--format parquet,jsonl] [--datatrove] [--all-versions] [filters]"

    def short_desc(self) -> str:
        return "Export a crawl's articles as Parquet / JSONL.gz shards with a dataset card"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output-dir", metavar="DIR", help="the corpus folder (new or empty)")
        parser.add_argument("--format", help="parquet, jsonl or parquet,jsonl (default: EXPORT_FORMATS)")
        parser.add_argument("--shard-rows", type=int, default=0, help="rows per shard (default: EXPORT_SHARD_ROWS)")
        parser.add_argument("--datatrove", action="store_true", help="rows as {id, text, metadata}")
        parser.add_argument("--all-versions", action="store_true", help="every row, not one per story")
        parser.add_argument("--language", help="keep only these languages, e.g. fr,en")
        parser.add_argument("--since", help="keep only articles published on or after YYYY-MM-DD")
        parser.add_argument("--until", help="keep only articles published on or before YYYY-MM-DD")
        parser.add_argument("--min-words", type=int, default=0, help="keep only articles with at least N words")
        parser.add_argument("--respect-tdm", action="store_true", help="leave out texts whose publisher reserves TDM")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # pyarrow (90 MB with parquet) only here: Scrapy imports every command module for every `scrapy` run
        from crawler.corpus.card import CardFacts, CorpusCounts, render_card
        from crawler.corpus.schema import ARTICLE_SCHEMA, DATATROVE_SCHEMA, FIELD_NAMES, datatrove_row, to_row
        from crawler.corpus.shards import ShardWriter

        assert self.settings is not None
        if len(args) > 1 or not opts.output_dir:
            raise UsageError("give at most one crawl folder and -o CORPUS_DIR")
        crawl_dir = Path(args[0] if args else self.settings.get("OUTPUT_DIR"))
        articles = crawl_file(crawl_dir, self.settings, "OUTPUT_ARTICLES")
        if not articles.is_file():
            raise UsageError(f"no articles file: {articles}", print_help=False)
        out = Path(opts.output_dir)
        if out.exists() and any(out.iterdir()):
            raise UsageError(f"{out} is not empty: give a new or empty corpus folder", print_help=False)
        config = export_config(opts, self.settings)
        try:
            profile = load_profile(self.settings.get("TOPIC_PROFILE") or None)
        except ProfileError as exc:
            raise UsageError(str(exc), print_help=False) from None
        counts: Counter[str] = Counter()
        kept = choose(scan(read_lines(articles), counts), config, counts)
        corpus = CorpusCounts()
        schema = DATATROVE_SCHEMA if config.datatrove else ARTICLE_SCHEMA
        writer = ShardWriter(out / "data", "articles", schema, config.formats, config.shard_rows, config.compression)
        extra: Counter[str] = Counter()
        for number, record in read_lines(articles):
            if number not in kept or record is None:
                continue
            extra.update(k for k in record if k not in FIELD_NAMES and k != "supersedes")
            try:
                row = to_row(record)
            except ValueError as exc:
                print(f"scrapy export: {articles}:{number}: {exc}, skipped", file=sys.stderr)
                counts["export/unreadable"] += 1
                continue
            corpus.add(row)
            writer.write(datatrove_row(row) if config.datatrove else row)
        files = writer.close()
        facts = CardFacts(
            profile_name=profile.name, profile_description=profile.description, profile_source=profile.source,
            runs=crawl_runs(crawl_file(crawl_dir, self.settings, "STORE_SQLITE_PATH")),
            rejected=rejected_counts(crawl_file(crawl_dir, self.settings, "OUTPUT_REJECTED")),
            export=dict(counts), config=config, files=tuple(str(f.relative_to(out)) for f in files), schema=schema,
            source_dir=str(crawl_dir),
        )
        (out / "README.md").write_text(render_card(facts, corpus), encoding="utf-8")
        left = {k: v for k, v in sorted(counts.items()) if k not in ("export/read", "export/kept")}
        print(f"scrapy export: {counts['export/read']} rows read, {corpus.rows} exported to {out} in "
              f"{len(files)} files; left out: {', '.join(f'{k}: {v}' for k, v in left.items()) or 'none'}",
              file=sys.stderr)  # fmt: skip
        if extra:
            print(f"scrapy export: fields not in the export schema, not exported: {', '.join(sorted(extra))}", file=sys.stderr)
        if counts["export/unreadable"]:
            self.exitcode = 1
