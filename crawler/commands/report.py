"""`scrapy report [-o FILE]`: one self-contained HTML page over the crawl's output and state, with charts.

Reads OUTPUT_DIR's articles.jsonl, rejected.jsonl, state.db and summary.json
(the same settings as the crawl, so `-s OUTPUT_DIR=` picks another crawl) and
writes REPORT_FILE (output/report.html), or FILE with -o.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from crawler.pipelines.config import output_path
from crawler.relevance.profile import ProfileError, load_profile
from crawler.reporting.html_page import PageInfo, render_report
from crawler.reporting.report_data import ReportInputs, load_report_data


def write_report(settings: BaseSettings, out: Path | None = None) -> Path:
    """Write the report of the crawl that these settings describe; its path."""
    inputs = ReportInputs(
        articles=output_path(settings, "OUTPUT_ARTICLES"),
        rejected=output_path(settings, "OUTPUT_REJECTED"),
        state=output_path(settings, "STORE_SQLITE_PATH"),
        summary=output_path(settings, "SUMMARY_FILE"),
    )
    try:
        min_score: float | None = load_profile(settings.get("TOPIC_PROFILE") or None).min_score
    except ProfileError:
        min_score = None  # the report still shows everything else
    info = PageInfo(
        source=str(inputs.articles.parent.resolve()),
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        latest=settings.getint("REPORT_LATEST"),
        min_score=min_score,
    )
    path = out or output_path(settings, "REPORT_FILE")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(load_report_data(inputs), info), encoding="utf-8")
    return path


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-o FILE]"

    def short_desc(self) -> str:
        return "Write an HTML report with charts of the crawl's output and state (output/report.html)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (default: REPORT_FILE)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}", print_help=False)
        assert self.settings is not None
        articles = output_path(self.settings, "OUTPUT_ARTICLES")
        if not articles.parent.is_dir():
            print(f"scrapy report: error: no crawl output in {articles.parent} (run a crawl, or `scrapy demo`)",
                  file=sys.stderr)
            self.exitcode = 2
            return
        path = write_report(self.settings, Path(opts.output) if opts.output else None)
        print(f"report written to {path}")
