"""`scrapy demo`: the whole job on a bundled sample web, without internet, in well under a minute.

Serves the sample sites of crawler/demo/site/ on 127.0.0.1 (free ports),
crawls them with the topic spider and the default profile's relevance, prints
the summary and writes the report. Everything goes to OUTPUT_DIR/demo/
(output/demo/ by default), emptied first so that each demo starts afresh.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.config import output_path, report_config
from crawler.demo.server import DemoWeb
from crawler.precheck import refuse_user_errors
from crawler.settings_check import check_settings, setting_types

DEMO_FOLDER = "demo"
# The demo's own settings: no politeness delay against its local server, no query feeds (they are on the internet),
# a quieter log, a progress line every 5 s, and a time limit in case something hangs. `-s` still wins.
DEMO_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "TOPIC_QUERY_FEEDS": False, "TOPIC_PROFILE": "",
    "LOG_LEVEL": "WARNING", "PROGRESS_INTERVAL": 5.0, "CLOSESPIDER_TIMEOUT": 90, "OUTPUT_FSYNC": False,
}
OUTPUT_FILES = ("articles.jsonl", "rejected.jsonl", "state.db", "state.db-wal", "state.db-shm", "summary.json", "report.html")


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl a bundled sample web on 127.0.0.1, print the summary and write the report (no internet needed)"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        for name, value in DEMO_SETTINGS.items():
            if (self.settings.getpriority(name) or 0) < 40:  # below "cmdline": what -s / --loglevel gave is kept
                self.settings.set(name, value, priority=35)
        demo_dir = Path(self.settings.get("OUTPUT_DIR") or "output") / DEMO_FOLDER
        self.settings.set("OUTPUT_DIR", str(demo_dir), priority="cmdline")
        with refuse_user_errors(self.settings):
            check_settings({name: self.settings.get(name) for name in setting_types()})

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from crawler.reporting.html_page import write_report  # matplotlib: only here (see export.py)

        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}", print_help=False)
        assert self.settings is not None and self.crawler_process is not None
        demo_dir = Path(self.settings.get("OUTPUT_DIR"))
        demo_dir.mkdir(parents=True, exist_ok=True)
        for name in OUTPUT_FILES:  # only the demo's own folder, only what a crawl writes
            (demo_dir / name).unlink(missing_ok=True)
        with DemoWeb() as web:
            urls = [f"{web.url(host)}/" for host in web.hosts]
            print(f"demo: serving {len(urls)} sample news sites on {', '.join(urls)}", flush=True)
            print(f"demo: crawling them for the default topic; output in {demo_dir}/", flush=True)
            self.crawler_process.crawl("topic", urls=",".join(urls))
            self.crawler_process.start()
            (demo_dir / "server.log").write_text(
                "".join(f"{hit.status} {web.url(hit.host)}{hit.path} {hit.user_agent}\n" for hit in web.log), encoding="utf-8"
            )
        inputs, info = report_config(self.settings, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
        report = write_report(inputs, info, output_path(self.settings, "REPORT_FILE"))
        print(f"demo: report written to {report} (open it in a browser); articles in {inputs.articles}", flush=True)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        sys.stdout.flush()
