"""`scrapy crawl`: settings and spider arguments checked before the crawl starts, and an exit code a scheduler
(cron, systemd) can trust.

    0    the crawl finished (or a CLOSESPIDER_* limit ended it)
    2    a user error, found before the crawl starts: a setting out of range, an unknown `-a` argument, a
         profile that cannot be used, OUTPUT_DIR being a file (two lines on stderr, no traceback)
    69   no seed could be reached (EX_UNAVAILABLE)
    74   the output could not be written: disk full, read-only (EX_IOERR)
    130  stopped by SIGINT (Ctrl-C), 143 by SIGTERM (128 + the signal, as shells report it)
    1    anything else: the crawl did not start, or closed for another reason

The finish reason comes from Scrapy's stats (`finish_reason`); the crawl state's
owner sets "no_seed_reachable" and "output_unwritable" after logging the one line
that says why. `scrapy crawl topic -h` lists the spider's arguments.
"""

from __future__ import annotations

import argparse
import signal
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.precheck import check_crawl, refuse_user_errors, spider_arguments_help
from crawler.state import NO_SEED, UNWRITABLE

EXIT_NO_SEED = 69
EXIT_UNWRITABLE = 74


def exit_code(reason: str | None, stop_signal: int | None = None) -> int:
    """The process's exit code from the crawl's finish reason (and the signal that stopped it, if one did)."""
    if reason == "finished" or (reason or "").startswith("closespider_"):
        return 0
    if reason == NO_SEED:
        return EXIT_NO_SEED
    if reason == UNWRITABLE:
        return EXIT_UNWRITABLE
    if reason == "shutdown" or (reason is None and stop_signal):  # a second signal may end it before a reason
        return 128 + (stop_signal or signal.SIGINT)
    return 1


class Command(ScrapyCrawlCommand):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        assert self.settings is not None
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = spider_arguments_help(self.settings)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if len(args) == 1:
            with refuse_user_errors(self.settings):
                check_crawl(self.settings, args[0], opts.spargs)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name, e.g. scrapy crawl topic" if not args else
                             "running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        stopped_by: list[int] = []
        process: Any = self.crawler_process
        shutdown = getattr(process, "_signal_shutdown", None)
        if shutdown is not None:  # note which signal asked for the stop, then stop as Scrapy does

            def remember(signum: int, frame: Any) -> None:
                stopped_by.append(signum)
                shutdown(signum, frame)

            process._signal_shutdown = remember
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = 1
            return
        reason = crawler.stats.get_value("finish_reason")
        self.exitcode = exit_code(reason, stopped_by[0] if stopped_by else None)
