"""Corpus outputs: what the WARC archive costs, what re-extraction and export take, and how big the files are.

    nice -n 10 python scripts/bench_outputs.py                 # 300 generated articles (a few minutes)
    nice -n 10 python scripts/bench_outputs.py --articles 1000

A generated site on 127.0.0.1 (tests/fixtureweb/generated.py) is crawled twice
into fresh folders, once with WARC_ENABLED=False (the baseline) and once with
it on; the figures are wall time, responses and articles, and the WARC bytes.
The archived crawl is then re-extracted (`scrapy reextract`) and exported
(`scrapy export`, Parquet zstd + JSONL.gz), and the outputs' sizes printed
beside articles.jsonl. Wall times are of subprocesses on a shared machine:
compare the two crawls of one run, not runs of different days.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.crawling import PROXY_VARS, TEST_SETTINGS, parse_stats  # noqa: E402
from tests.fixtureweb.generated import GeneratedSite  # noqa: E402


def scrapy(args: list[str], log: Path) -> tuple[float, str]:
    """Run `scrapy ARGS` in the project; (seconds, its output)."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    started = time.perf_counter()
    with log.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.STDOUT, timeout=1800)  # fmt: skip
    seconds = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    if done.returncode != 0:
        raise SystemExit(f"scrapy {' '.join(args[:2])} failed ({done.returncode}):\n{text[-3000:]}")
    return seconds, text


def crawl(site: GeneratedSite, out: Path, warc: bool) -> dict[str, float]:
    args = ["crawl", "topic", "-a", f"urls={site.base}/", "-s", f"OUTPUT_DIR={out}", "-s", f"WARC_ENABLED={warc}",
            "-s", "TOPIC_PAGES_PER_HOST=100000", "-s", "DEPTH_LIMIT=3"]  # fmt: skip
    for setting in TEST_SETTINGS:
        args += ["-s", setting]
    seconds, log = scrapy(args, out.parent / f"{out.name}.log")
    stats = parse_stats(log)
    return {"seconds": seconds, "responses": stats.get("response_received_count", 0),
            "articles": stats.get("articles/stored", 0)}  # fmt: skip


def size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles on the generated site")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-outputs-") as tmp, GeneratedSite(articles=opts.articles) as site:
        base = Path(tmp)
        plain = crawl(site, base / "plain", warc=False)
        archived = crawl(site, base / "warc", warc=True)
        warcs = sorted((base / "warc" / "warc").glob("*.warc.gz"))
        body_bytes = size([base / "warc" / "articles.jsonl"])
        print(f"generated site: {opts.articles} articles")
        print(f"{'crawl':<24}{'seconds':>9}{'responses':>11}{'articles':>10}")
        print(f"{'WARC off (baseline)':<24}{plain['seconds']:>9.1f}{plain['responses']:>11.0f}{plain['articles']:>10.0f}")
        print(f"{'WARC on':<24}{archived['seconds']:>9.1f}{archived['responses']:>11.0f}{archived['articles']:>10.0f}")
        per = size(warcs) / max(1.0, archived["responses"])
        print(f"WARC: {len(warcs)} file(s), {size(warcs) / 1e6:.2f} MB, {per / 1e3:.1f} kB per response (gzip per record)")
        first = sorted(rows(base / "warc" / "articles.jsonl"), key=lambda r: str(r["doc_id"]))
        for window in (1, 8):
            again_dir = base / f"again-{window}"
            seconds, _ = scrapy(["reextract", str(base / "warc" / "warc"), "-o", str(again_dir),
                                 "-s", f"REPLAY_IN_FLIGHT={window}"], base / f"reextract-{window}.log")  # fmt: skip
            again = sorted(rows(again_dir / "articles.jsonl"), key=lambda r: str(r["doc_id"]))
            same = sum(a == b for a, b in zip(first, again, strict=False))
            print(f"reextract, REPLAY_IN_FLIGHT={window}: {seconds:.1f} s for {len(again)} articles; "
                  f"rows identical to the crawl's: {same} of {len(first)}")
        seconds, _ = scrapy(["export", str(base / "warc"), "-o", str(base / "corpus")], base / "export.log")
        data = base / "corpus" / "data"
        print(f"export: {seconds:.1f} s")
        print(f"{'file':<24}{'MB':>9}")
        print(f"{'articles.jsonl':<24}{body_bytes / 1e6:>9.3f}")
        print(f"{'Parquet (zstd)':<24}{size(sorted(data.glob('*.parquet'))) / 1e6:>9.3f}")
        print(f"{'JSONL.gz':<24}{size(sorted(data.glob('*.jsonl.gz'))) / 1e6:>9.3f}")


if __name__ == "__main__":
    main()
