"""`scrapy reextract WARC [WARC...] -o NEW_DIR`: today's pipelines over archived responses, nothing fetched.

Reads the response records of a crawl's WARC files (OUTPUT_DIR/warc/*.warc.gz)
and runs today's extraction, validation, relevance and dedup on the article
candidates among them, as the crawl would; writes articles.jsonl,
rejected.jsonl and state.db to NEW_DIR, which must not hold articles yet.
Rows keep the WARC file and record id of their response. The settings apply
(`-s TOPIC_PROFILE=...`, `-s DEDUP_KEEP_COPIES=True`...). Use it after an
extraction fix or a profile change, to apply it to what was already crawled.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


def warc_inputs(args: list[str]) -> list[Path]:
    """The WARC files named (a folder stands for the .warc.gz / .warc files in it, sorted)."""
    found: list[Path] = []
    for name in args:
        path = Path(name)
        if path.is_dir():
            found += sorted([*path.glob("*.warc.gz"), *path.glob("*.warc")])
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {name}", print_help=False)
    if not found:
        raise UsageError("no WARC file among the arguments", print_help=False)
    return found


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "WARC|FOLDER [WARC...] -o NEW_OUTPUT_DIR"

    def short_desc(self) -> str:
        return "Run today's extraction, relevance and dedup over archived responses (WARC) into a new output folder"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output-dir", metavar="DIR", help="the new output folder (articles.jsonl...)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if not args or not opts.output_dir:
            raise UsageError("give WARC files (or a warc/ folder) and -o NEW_OUTPUT_DIR")
        self.warcs = warc_inputs(args)
        out = Path(opts.output_dir)
        assert self.settings is not None
        articles = Path(self.settings.get("OUTPUT_ARTICLES"))
        existing = articles if articles.is_absolute() else out / articles
        if existing.exists() and existing.stat().st_size:
            raise UsageError(f"{existing} already holds articles: give a new output folder", print_help=False)
        for warc in self.warcs:
            if warc.resolve().parent == (out / self.settings.get("WARC_DIR")).resolve():
                raise UsageError("the new output folder must not be the one the WARC files are in", print_help=False)
        self.settings.set("OUTPUT_DIR", str(out), priority="cmdline")
        self.settings.set("WARC_ENABLED", False, priority="cmdline")  # nothing is fetched

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler("warc-replay")
        self.crawler_process.crawl(crawler, warcs=",".join(str(p) for p in self.warcs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        print(
            f"scrapy reextract: {stats.get('replay/responses', 0)} responses read, "
            f"{stats.get('pages/article_candidates', 0)} article candidates, "
            f"{stats.get('articles/stored', 0)} articles written to {opts.output_dir}",
            file=sys.stderr,
        )
