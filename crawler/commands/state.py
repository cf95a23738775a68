"""`scrapy state [--prune] [--check]`: what the crawl state holds, and its upkeep.

Prints the frontier's counts by status and by host and the last runs; `--prune`
forgets done and failed URLs not touched for STATE_PRUNE_DAYS days (or
`--days N`); `--check` runs SQLite's integrity check and exits 1 on a problem.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.pipelines.config import output_path
from crawler.store.frontier import DONE, FAILED, IN_FLIGHT, PENDING
from crawler.store.frontier_sqlite import SQLiteFrontier
from crawler.store.runs import SQLiteRuns


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--prune [--days N]] [--check] [--hosts N]"

    def short_desc(self) -> str:
        return "Show the crawl state (frontier, runs); prune old entries; check its integrity"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--prune", action="store_true", help="forget done/failed URLs older than --days")
        parser.add_argument("--days", type=float, default=None, help="age for --prune (default STATE_PRUNE_DAYS)")
        parser.add_argument("--check", action="store_true", help="check the state file's integrity")
        parser.add_argument("--hosts", type=int, default=20, help="how many hosts to list (default 20)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}")
        assert self.settings is not None
        path = output_path(self.settings, "STORE_SQLITE_PATH")
        if not path.exists():
            print(f"no crawl state at {path} (nothing crawled yet with these settings)")
            return
        if opts.check:
            self.exitcode = _check(path)
        frontier = SQLiteFrontier(path)
        try:
            if opts.prune:
                days = opts.days if opts.days is not None else self.settings.getfloat("STATE_PRUNE_DAYS")
                print(f"pruned {frontier.prune(time.time() - days * 86400)} entries older than {days:g} days")
            _report(path, frontier, opts.hosts)
        finally:
            frontier.close()


def _check(path: Any) -> int:
    with sqlite3.connect(str(path)) as db:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
    ok = result == ["ok"]
    print(f"integrity: {'ok' if ok else '; '.join(result)}")
    return 0 if ok else 1


def _report(path: Any, frontier: SQLiteFrontier, hosts: int) -> None:
    print(f"state: {path}")
    print("frontier: " + ", ".join(f"{s} {frontier.count(s)}" for s in (PENDING, IN_FLIGHT, DONE, FAILED)))
    by_host: dict[str, dict[str, int]] = {}
    for host, status, n in frontier.counts_by_host():
        by_host.setdefault(host, {})[status] = n
    ranked = sorted(by_host.items(), key=lambda item: -sum(item[1].values()))
    for host, counts in ranked[:hosts]:
        print(f"  {host:40} " + " ".join(f"{s}={counts.get(s, 0)}" for s in (PENDING, IN_FLIGHT, DONE, FAILED)))
    runs = SQLiteRuns(path)
    try:
        print("last runs:")
        for run in runs.last():
            print(f"  #{run.id} {run.spider} started {run.started_at} finished {run.finished_at or '-'}"
                  f" reason {run.reason or 'killed or running'} articles {run.articles if run.articles is not None else '-'}")
    finally:
        runs.close()
