"""Hostile input: what each misbehaving server of tests/e2e/test_hostile.py gets, measured, beside a baseline.

    python scripts/bench_hostile.py                              # this project only
    python scripts/bench_hostile.py --baseline /tmp/base         # and an older copy of it, in the same run
    (make one with: git archive <rev> | tar -x -C /tmp/base)

Stages the hostile web on 127.0.0.1 (robots.txt answering 503 and hanging, a
10 MB robots.txt, Crawl-delay: 2, a PDF as text/html, a 100k-row table, 100k
nested divs, a lying Content-Length, a dead host), crawls it twice per project
(the second time the robots.txt answer), and prints one line per case.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.hostile_web import Crawl, Outcome, StagedHost, run_stage  # noqa: E402


def _on(crawl: Crawl, host: StagedHost, path: str) -> str:
    """What became of one page: stored (words, flags, U+FFFD), rejected (reason), or nothing."""
    for article in crawl.articles:
        if article["url"].startswith(host.base) and urlsplit(article["url"]).path == path:
            flags = ",".join(article["quality_flags"]) or "no flags"
            return f"stored, {article['word_count']} words, {flags}, {article['text'].count(chr(0xFFFD))} U+FFFD"
    for rejected in crawl.rejected:
        if rejected.get("url", "").startswith(host.base) and urlsplit(rejected["url"]).path == path:
            return f"rejected {rejected['reason'].split(':')[0]}"
    return "not stored"


def _gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def measure(outcome: Outcome) -> dict[str, str]:
    hosts, first, second = outcome.stage.web.hosts, outcome.first, outcome.second
    found: dict[str, str] = {}
    for name in ("flaky", "hanging"):
        host = hosts[name]
        before = sorted({p for at, p in host.hits if at < outcome.second_started and p != "/robots.txt"})
        after = sorted({p for at, p in host.hits if at >= outcome.second_started and p != "/robots.txt"})
        found[f"robots.txt {name} (503 / hangs)"] = f"1st crawl fetched {before or 'nothing'}; 2nd {after or 'nothing'}"
    steady = hosts["steady"]
    gaps = _gaps([at for at, p in steady.hits if p != "/robots.txt"])
    found["Crawl-delay: 2"] = f"gaps min {min(gaps):.2f} s, median {sorted(gaps)[len(gaps) // 2]:.2f} s" if gaps else "-"
    found["robots.txt Sitemap: line"] = "followed" if "/news-sitemap.xml" in steady.paths() else "not followed"
    big = hosts["bigrobots"]
    found["10 MB robots.txt"] = (
        f"{big.sent.get('/robots.txt', 0) / 2**20:.1f} MiB sent; /blocked/ "
        f"{'FETCHED' if '/blocked/a' in big.paths() else 'never fetched'}; /late/ "
        f"{'fetched' if '/late/b' in big.paths() else 'not fetched'}"
    )
    found["PDF as text/html"] = _on(first, hosts["junk"], "/news/report")
    articles = first.articles + second.articles
    worst = max((a["text"].count("\ufffd") / max(len(a["text"]), 1) for a in articles), default=0.0)
    found["worst U+FFFD share stored"] = f"{worst:.2%}"
    giant = hosts["giant"]
    found["100k-row table"] = _on(first, giant, "/news/table")
    table_at = giant.times("/news/table")
    after_table = [at - table_at[0] for at in steady.times("/news/") if table_at and at > table_at[0]]
    found["steady host during the table"] = f"max gap {max(_gaps([0.0, *after_table])):.1f} s" if after_table else "-"
    found["100k nested divs"] = _on(first, giant, "/news/deep")
    found["Content-Length half the body"] = _on(first, hosts["liar"], "/news/cut")
    dead = [at - outcome.first_started for at, p in hosts["dead"].hits if p != "/robots.txt" and at < outcome.second_started]
    found["dead host"] = f"{len(dead)} requests, last at {max(dead, default=0):.0f} s; 1st crawl {first.seconds:.0f} s"
    found["peak RSS (process tree)"] = f"{first.peak_rss / 2**20:.0f} MB, {second.peak_rss / 2**20:.0f} MB"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="another copy of the project, measured first in the same run")
    args = parser.parse_args()
    columns: list[tuple[str, dict[str, str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline:
            columns.append(("baseline", measure(run_stage(Path(tmp) / "baseline", args.baseline.resolve()))))
        columns.append(("this project", measure(run_stage(Path(tmp) / "project", ROOT))))
    for case in columns[-1][1]:
        print(f"{case}:")
        for name, values in columns:
            print(f"    {name:<13} {values.get(case, '-')}")


if __name__ == "__main__":
    main()
