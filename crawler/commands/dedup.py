"""`scrapy dedup IN.jsonl [IN.jsonl...] -o OUT.jsonl`: the crawl's dedup stage on articles already on disk.

Reads records of the articles.jsonl schema (`text` and `url` or
`canonical_url` needed), file after file, line after line, and applies the
crawl's rules: the first-seen text stays; a later line at a known URL is
`duplicate/url`, or a new version (`version` + 1) when its text changed; an
identical or near-identical text elsewhere is `duplicate/exact` or
`duplicate/near`. Kept lines go to OUT with `id`, `content_hash`, `version` and
`duplicate_of` set; dropped ones to `--rejected FILE` with their reason. By
default the state is temporary; `--state FILE` checks against, and adds to, a
crawl's state (e.g. output/state.db). The DEDUP_* settings apply (`-s`).
"""

from __future__ import annotations

import argparse
import codecs
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.config import dedup_config
from crawler.dedup.deduplicator import Deduplicator, Verdict
from crawler.dedup.pending import Token
from crawler.items import doc_id
from crawler.store.base import StateStore
from crawler.store.jsonl import JsonlAppender, read_json_lines
from crawler.store.open import StoreConfig, open_store

COMMIT_EVERY = 5000  # kept lines written before their fingerprints go to the state in one transaction


def read_records(paths: list[Path], errors: Counter[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, record) for each JSON object line; a line that is not one is reported and skipped."""
    for path in paths:
        for number, record in read_json_lines(path):
            if record is None:
                print(f"scrapy dedup: {path}:{number}: not a JSON object, skipped", file=sys.stderr)
                errors["unreadable"] += 1
                continue
            yield f"{path}:{number}", record


def not_utf8(path: Path) -> str | None:
    """Why `path` is not UTF-8 text ("byte 0xe9 at offset 120"), or None when it is; read in chunks."""
    decoder, offset = codecs.getincrementaldecoder("utf-8")(), 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return f"byte 0x{chunk[exc.start]:02x} at offset {offset + exc.start}"
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "a truncated character at the end"
    return None


def apply(record: dict[str, Any], verdict: Verdict) -> dict[str, Any]:
    """The record with the dedup stage's fields set."""
    return {
        **record,
        "id": verdict.id,
        "doc_id": doc_id(verdict.id, verdict.version),
        "content_hash": verdict.content_hash,
        "version": verdict.version,
        "duplicate_of": verdict.duplicate_of,
    }


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "IN.jsonl [IN.jsonl...] -o OUT.jsonl [--rejected FILE] [--state FILE] [--keep-copies]"

    def short_desc(self) -> str:
        return "Deduplicate JSONL files of articles (URL variants, exact and near copies, versions)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="append the kept articles to FILE")
        parser.add_argument("-O", "--overwrite-output", metavar="FILE", help="write the kept articles to FILE, replacing it")
        parser.add_argument("--rejected", metavar="FILE", help="append the dropped lines, with their reason, to FILE")
        parser.add_argument("--state", metavar="FILE", help="a crawl state (SQLite) to check against and add to")
        parser.add_argument("--keep-copies", action="store_true", help="keep copies, flagged with duplicate_of")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args or bool(opts.output) == bool(opts.overwrite_output):
            raise UsageError("give at least one input file and one of -o/-O OUT.jsonl")
        missing = [a for a in args if not Path(a).is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        for name in args:
            why = not_utf8(Path(name))
            if why:
                print(f"scrapy dedup: error: {name} is not UTF-8 text ({why}); convert it first, "
                      f"e.g. iconv -f latin1 -t utf-8", file=sys.stderr)
                self.exitcode = 2
                return
        assert self.settings is not None
        if opts.keep_copies:
            self.settings.set("DEDUP_KEEP_COPIES", True, priority="cmdline")
        out_path = Path(opts.output or opts.overwrite_output)
        if opts.overwrite_output:
            out_path.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="scrapy-dedup-") as tmp:
            path = opts.state or str(Path(tmp) / "state.db")
            store = open_store(StoreConfig(backend=self.settings.get("STORE_BACKEND", "sqlite"), sqlite_path=path))
            try:
                counts = self._dedup([Path(a) for a in args], out_path, opts.rejected, store)
            finally:
                store.close()
        dropped = {k: v for k, v in counts.items() if k.startswith("duplicate/")}
        print(
            f"scrapy dedup: {counts['read']} read, {counts['kept']} kept (new versions: {counts['version']}, "
            f"flagged copies: {counts['flagged']}), {sum(dropped.values())} dropped "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(dropped.items())) or 'none'})"
            + (f", {counts['unreadable']} unreadable, {counts['invalid']} without text or URL" if self.exitcode else ""),
            file=sys.stderr,
        )

    def _dedup(self, inputs: list[Path], out_path: Path, rejected: str | None, store: StateStore) -> Counter[str]:
        assert self.settings is not None
        dedup = Deduplicator(store, dedup_config(self.settings))
        counts: Counter[str] = Counter()
        out = JsonlAppender(out_path, fsync=False)
        rejects = JsonlAppender(rejected, fsync=False) if rejected else None
        written: list[Token] = []
        try:
            for where, record in read_records(inputs, counts):
                counts["read"] += 1
                text, url = record.get("text"), record.get("url") or record.get("canonical_url")
                if not isinstance(text, str) or not isinstance(url, str):
                    print(f"scrapy dedup: {where}: no text or no url, skipped", file=sys.stderr)
                    counts["invalid"] += 1
                    continue
                verdict = dedup.check(url, record.get("canonical_url") or url, text)
                if not verdict.keep:
                    counts[verdict.reason or "duplicate/other"] += 1
                    if rejects is not None:
                        rejects.append({"url": url, "reason": verdict.reason, "detail": where,
                                        "duplicate_of": verdict.duplicate_of, "similarity": verdict.similarity})
                    continue
                dedup.claim(verdict)
                out.append(apply(record, verdict))
                written.append(verdict.token)
                counts["kept"] += 1
                counts["version"] += verdict.kind == "version"
                counts["flagged"] += verdict.kind in ("exact", "near")
                if len(written) >= COMMIT_EVERY:
                    dedup.commit(written)
                    written.clear()
            dedup.commit(written)
        finally:
            out.close()
            if rejects is not None:
                rejects.close()
        if counts["unreadable"] or counts["invalid"]:
            self.exitcode = 1
        return counts
