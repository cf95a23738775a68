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

from crawler.config import output_path, report_config


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
        from crawler.reporting.html_page import write_report  # matplotlib: only here (see export.py)

        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}", print_help=False)
        assert self.settings is not None
        inputs, info = report_config(self.settings, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
        if not inputs.articles.parent.is_dir():
            print(f"scrapy report: error: no crawl output in {inputs.articles.parent} (run a crawl, or `scrapy demo`)",
                  file=sys.stderr)
            self.exitcode = 2
            return
        path = write_report(inputs, info, Path(opts.output) if opts.output else output_path(self.settings, "REPORT_FILE"))
        print(f"report written to {path}")
