"""`scrapy crawl`: Scrapy's own, with the settings and spider arguments checked before the crawl starts.

A user error (a setting out of range, an unknown `-a` argument, a profile that
cannot be used, OUTPUT_DIR being a file) is two lines on stderr and exit code 2.
`scrapy crawl topic -h` lists the spider's arguments.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.commands.precheck import check_crawl, refuse_user_errors, spider_arguments_help


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
