"""`scrapy extract FILE [FILE...] [--url URL]`: the crawl's extraction stage on saved pages.

Prints one JSON object per file, with the article fields (null where nothing
was found) and `error` set to the drop reason when extraction failed or the
page is not an article (`not_article/<kind>`: its fields are still printed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.config import extract_config
from crawler.extraction.job import ExtractConfig, ExtractionFailed

_EMPTY_FIELDS = ("canonical_url", "title", "text", "language", "published", "sitename")


def read_saved_page(path: Path, max_bytes: int) -> bytes:
    """A saved page's bytes; `.gz` files are inflated, at most max_bytes + 1 of them."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    return path.read_bytes()


def extract_file(path: Path, url: str | None, config: ExtractConfig) -> dict[str, Any]:
    """The JSON record printed for one file."""
    from crawler.extraction.extract import extract_page  # Scrapy imports every command's module for any command

    page_url = url or path.resolve().as_uri()
    record: dict[str, Any] = {"file": str(path), "url": page_url}
    try:
        found = extract_page(read_saved_page(path, config.max_bytes), page_url, None, config)
    except ExtractionFailed as exc:
        record.update({k: None for k in _EMPTY_FIELDS}, authors=[], error=f"extract/{exc.reason}")
        return record
    refused = None if found.page_type.is_article else f"not_article/{found.page_type.kind}"
    record.update(found.fields(), error=refused)
    record["url"] = page_url
    return record


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "FILE [FILE...] [--url URL]"

    def short_desc(self) -> str:
        return "Extract articles from saved pages (raw or .gz), one JSON line per file"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", default=None, help="the URL the page(s) were fetched from")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one saved page file")
        assert self.settings is not None
        config = extract_config(self.settings)
        failed = False
        for name in args:
            path = Path(name)
            if not path.is_file():
                print(f"scrapy extract: no such file: {name}", file=sys.stderr)
                failed = True
                continue
            print(json.dumps(extract_file(path, opts.url, config), ensure_ascii=False), flush=True)
        if failed:
            self.exitcode = 1
