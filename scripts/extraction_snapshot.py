"""Every field `extract_page` gives on the shared benchmark pages, written per page, and two such files compared.

    python scripts/extraction_snapshot.py OUT.jsonl [--root DIR] [--limit N]   # DIR's code (default: this checkout)
    python scripts/extraction_snapshot.py --compare BEFORE.jsonl AFTER.jsonl   # exits 1 on any difference

A change meant to save time and not to alter the output is checked with it: a
snapshot from the checkout before and one after, then `--compare`. Each page is
extracted twice, with the default config and with template blocks read (the
crawl's), and every field of the result is written (the page type's score and
the template blocks too), or the failure's reason. The pages: scrapinghub,
trafilatura-eval and wcxb/dev, all of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def pages(limit: int | None) -> Iterator[tuple[str, str, bytes]]:
    """(page key, URL, raw bytes) of every scrapinghub, trafilatura-eval and wcxb/dev page."""
    files = sorted((BENCHMARKS / "scrapinghub" / "html").glob("*.html.gz"))
    evaldata = json.loads((BENCHMARKS / "trafilatura-eval" / "evaldata.json").read_text("utf-8"))
    tev = {BENCHMARKS / "trafilatura-eval" / "html" / f"{evaldata[u]['file']}.gz": u for u in sorted(evaldata)}
    chosen: list[tuple[str, str, Path]] = [(f"hub/{f.name}", f"http://127.0.0.1/p/{f.name}", f) for f in files]
    chosen += [(f"tev/{path.name}", url, path) for path, url in tev.items()]
    wcxb = BENCHMARKS / "wcxb" / "dev"
    for path in sorted((wcxb / "ground-truth").glob("*.json")):
        url = str(json.loads(path.read_text("utf-8")).get("url") or "")
        chosen.append((f"wcxb/{path.stem}", url, wcxb / "html" / f"{path.stem}.html.gz"))
    for key, url, path in chosen[:limit]:
        yield key, url, gzip.decompress(path.read_bytes())


def snapshot(out: Path, limit: int | None) -> None:
    """Write one JSON line per page and config: the result's fields, or the failure's reason."""
    from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page
    from crawler.extraction.templates import TemplateConfig

    configs = {"default": ExtractConfig(), "templates": ExtractConfig(templates=TemplateConfig())}
    with out.open("w", encoding="utf-8") as sink:
        for key, url, body in pages(limit):
            for name, config in configs.items():
                try:
                    found: object = dataclasses.asdict(extract_page(body, url, None, config))
                except ExtractionFailed as failed:
                    found = {"failed": failed.reason, "detail": failed.detail}
                sink.write(json.dumps({"page": key, "config": name, "result": found}, ensure_ascii=False) + "\n")


def compare(before: Path, after: Path) -> int:
    """Print each page whose result differs and the fields that do; the number of such pages."""
    def read(path: Path) -> dict[tuple[str, str], dict[str, object]]:
        rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
        return {(row["page"], row["config"]): row["result"] for row in rows}

    old, new = read(before), read(after)
    differing = 0
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a != b:
            differing += 1
            fields = sorted(k for k in (a or {}).keys() | (b or {}).keys() if (a or {}).get(k) != (b or {}).get(k))
            print(f"{key[0]} [{key[1]}]: {', '.join(fields)}")
    print(f"{len(old)} results before, {len(new)} after, {differing} differing")
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?", help="the snapshot file to write")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code extracts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return 1 if compare(*args.compare) else 0
    if args.out is None:
        parser.error("a snapshot file to write, or --compare")
    sys.path.insert(0, str(args.root.resolve()))  # that checkout's `crawler` package
    snapshot(args.out, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
