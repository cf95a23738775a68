"""The crawl on a replica of real sites: the project against a stock SitemapSpider + trafilatura, same concurrency.

    /work/venv/bin/python scripts/bench_crawl.py [--hosts 120] [--pages 800] [--concurrency 16]
                                                  [--listed 0.8] [--politeness-minutes 3] [--keep DIR]

Builds the local web of `scripts/crawlweb.py` from ../shared/benchmarks (all of
it by default: about 2,600 pages on 2,300 hosts; `--hosts N` keeps the N hosts
with most pages, `--pages N` caps the pages), then runs, one after the other, as
subprocesses reaching the web through `http_proxy` (set only here):

1. the project: `scrapy crawl topic -a profile=<keep-all profile>` whose seeds are
   the hosts' home pages, with the project's defaults except politeness, which is
   made the stock spider's: DOWNLOAD_DELAY=0, no AutoThrottle, the same
   CONCURRENT_REQUESTS and CONCURRENT_REQUESTS_PER_DOMAIN;
2. the stock spider: Scrapy's `SitemapSpider` from every host's robots.txt, each
   response through `trafilatura.extract`, kept when it returns text (Scrapy's
   defaults, plus ROBOTSTXT_OBEY as `scrapy startproject` sets it);
3. the project again with its shipped politeness (delays, AutoThrottle), for the
   number of hosts active per minute (stopped after --politeness-minutes).

Prints, for each: the share of the web's articles stored (the stock spider can
only find the listed ones: its share of those is printed too), requests by status
(from the server's log), requests per stored article, wall time, and the CPU
seconds of the crawl's main process (sampled; not its extraction workers).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.discovery.urls import canonicalize_url  # noqa: E402
from scripts.bench_throughput import TreeMonitor  # noqa: E402
from scripts.crawltimeline import CpuSampler, Sample, print_timeline, timeline  # noqa: E402
from scripts.crawlweb import CrawlWeb, build_web, hosts_active_per_minute, load_pages  # noqa: E402
from scripts.throughput_web import KEEP_ALL_PROFILE  # noqa: E402

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
PROJECT_AGENT = "topic-news-crawler"
STOCK_AGENT = "stock-sitemap-spider"

STOCK_SPIDER = '''
import json, sys
import trafilatura
from scrapy.spiders import SitemapSpider


class TrafilaturaPipeline:
    def open_spider(self, spider=None):
        self.out = open(OUT, "w", encoding="utf-8")

    def close_spider(self, spider=None):
        self.out.close()

    def process_item(self, item, spider=None):
        text = trafilatura.extract(item["html"], url=item["url"])
        if text:
            self.out.write(json.dumps({"url": item["url"], "chars": len(text)}) + "\\n")
        return {"url": item["url"]}


class StockSpider(SitemapSpider):
    name = "stock"
    custom_settings = {"ITEM_PIPELINES": {TrafilaturaPipeline: 300}}

    def __init__(self, robots_file="", **kwargs):
        super().__init__(**kwargs)
        self.sitemap_urls = open(robots_file, encoding="utf-8").read().split()

    def parse(self, response):
        yield {"url": response.url, "html": response.text}
'''

KEEP_ALL = KEEP_ALL_PROFILE + "[seeds]\npages = {pages}\nallowed_domains = {domains}\n"


def environment(web: CrawlWeb) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        env[name] = web.proxy
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


def run(
    command: list[str], cwd: Path, env: dict[str, str], log: Path, limit: float, samples: list[Sample] | None = None
) -> tuple[float, float]:
    """Run a crawl; SIGINT (a graceful stop) after `limit` seconds, SIGKILL 60 s later. Wall time in seconds and
    the CPU seconds of its main process; with `samples`, its tree's CPU over time is added to them."""
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        monitor = TreeMonitor(proc.pid)
        sampler = CpuSampler(proc.pid) if samples is not None else None
        try:
            proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    monitor.stop()
    if sampler is not None and samples is not None:
        samples.extend(sampler.stop())
    return time.monotonic() - started, monitor.root_cpu()


def stored_urls(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {canonicalize_url(json.loads(line)["url"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def project_crawl(
    web: CrawlWeb, work: Path, name: str, settings: list[str], limit: float, profile_to: Path | None = None,
    root: Path = ROOT, samples: list[Sample] | None = None,
) -> tuple[set[str], tuple[float, float]]:
    out = work / name
    out.mkdir()
    profile = work / "keep-all.toml"
    profile.write_text(KEEP_ALL.format(pages=json.dumps(web.seeds()), domains=json.dumps([h.name for h in web.hosts])))
    python = [sys.executable, "-m", "cProfile", "-o", str(profile_to)] if profile_to else [sys.executable]
    command = [*python, "-m", "scrapy", "crawl", "topic", "-a", f"profile={profile}", "-s", f"OUTPUT_DIR={out}"]
    for setting in settings:
        command += ["-s", setting]
    timing = run(command, root, environment(web), work / f"{name}.log", limit, samples)
    return stored_urls(out / "articles.jsonl"), timing


def stock_crawl(
    web: CrawlWeb, work: Path, settings: list[str], limit: float, samples: list[Sample] | None = None
) -> tuple[set[str], tuple[float, float]]:
    folder = work / "stock"
    folder.mkdir()
    (folder / "stock_spider.py").write_text(STOCK_SPIDER.replace("open(OUT", f"open({str(folder / 'items.jsonl')!r}"))
    (folder / "robots.txt").write_text("\n".join(web.robots()))
    command = [sys.executable, "-m", "scrapy", "runspider", "stock_spider.py", "-a", f"robots_file={folder / 'robots.txt'}",
               "-s", f"USER_AGENT={STOCK_AGENT}", "-s", "ROBOTSTXT_OBEY=True", "-s", "LOG_LEVEL=INFO"]
    for setting in settings:
        command += ["-s", setting]
    timing = run(command, folder, environment(web), work / "stock.log", limit, samples)
    return stored_urls(folder / "items.jsonl"), timing


def missed(web: CrawlWeb, stored: set[str], rejected: Path, requests: list[tuple[float, str, str, int]]) -> Counter[str]:
    """Why the web's articles not stored were missed: the drop reason, else read as a hub (listed in its site's
    news sitemap or not: a listed one read so would be a page whose candidacy depended on its discovery order),
    else never fetched."""
    reasons: dict[str, str] = {}
    if rejected.exists():
        for line in rejected.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            reasons[canonicalize_url(record["url"])] = record["reason"].split(":", 1)[0]
            if record["reason"].startswith("invalid/too_short") and canonicalize_url(record["url"]) in web.articles():
                print(f"    too short: {record['url']} ({record.get('detail', '')})")
    fetched = {canonicalize_url(f"http://{host}{path}") for _, host, path, status in requests if status == 200}
    listed = web.listed_articles()
    why: Counter[str] = Counter()
    for url in web.articles() - stored:
        path_only = canonicalize_url(url.split("?", 1)[0])
        hub = f"read as a hub ({'listed' if url in listed else 'unlisted'})"
        why[reasons.get(url) or (hub if url in fetched or path_only in fetched else "not fetched")] += 1
    return why


def report(name: str, stored: set[str], timing: tuple[float, float], requests: list[tuple[float, str, str, int]],
           web: CrawlWeb, rejected: Path | None = None) -> None:
    articles, listed = web.articles(), web.listed_articles()
    statuses = Counter(status for *_, status in requests)
    found = len(stored & articles)
    print(f"{name}")
    print(f"  articles stored: {found} of {len(articles)} = {found / max(1, len(articles)):.3f}"
          f"   (listed ones: {len(stored & listed)} of {len(listed)} = {len(stored & listed) / max(1, len(listed)):.3f})")
    print(f"  requests: {len(requests)}  by status: {dict(sorted(statuses.items()))}")
    wall, cpu = timing
    print(f"  requests per stored article: {len(requests) / max(1, found):.2f}   wall time: {wall:.0f} s")
    print(f"  main process CPU: {cpu:.1f} s, {cpu * 1000 / max(1, len(requests)):.1f} ms per request,"
          f" {cpu * 1000 / max(1, len(stored)):.1f} ms per stored page")
    others = stored & {p.url for p in web.pages.values() if not p.article}
    print(f"  pages stored that the benchmarks do not call articles: {len(others)}")
    if rejected is not None:
        why = missed(web, stored, rejected, requests)
        print(f"  articles missed, why: {dict(why.most_common())}")
        judged = found + why["offtopic"]  # reached and extracted; the profile's judgement is not the crawl's
        share = judged / max(1, len(articles))
        print(f"  articles stored or dropped only as offtopic: {judged} of {len(articles)} = {share:.3f}")


def print_profile(path: Path, lines: int = 25) -> None:
    """The crawl process's profile: total time, then the top functions by own and by cumulative time."""
    import pstats

    stats = pstats.Stats(str(path), stream=sys.stdout)
    print(f"  profile of the crawl process ({path}): {stats.total_tt:.1f} s")  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=0, help="keep the N hosts with most pages (0: all)")
    parser.add_argument("--pages", type=int, default=0, help="at most this many pages (0: all)")
    parser.add_argument("--listed", type=float, default=0.8, help="share of each host's pages in its news sitemap")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS of every crawl")
    parser.add_argument("--per-host", type=int, default=8, help="CONCURRENT_REQUESTS_PER_DOMAIN of the same-concurrency runs")
    parser.add_argument("--politeness-minutes", type=float, default=3.0, help="minutes of the polite run (0: none)")
    parser.add_argument("--limit", type=float, default=1800.0, help="stop a same-concurrency crawl after this many seconds")
    parser.add_argument("--keep", type=Path, help="keep outputs and logs in this folder")
    parser.add_argument("--profile", action="store_true", help="cProfile the project's crawl process; print its top lines")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also run the same crawl with the code of the checkout in DIR (e.g. ../main), next")
    parser.add_argument("--timeline", action="store_true",
                        help="print each same-concurrency crawl's requests and CPU per 2 s (scripts/crawltimeline.py)")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock spider (a quicker look at the project)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting of the project's crawls other than its default (printed; repeatable)")
    args = parser.parse_args()

    hosts = build_web(load_pages(BENCHMARKS), args.hosts, args.pages, args.listed)
    web = CrawlWeb(hosts)
    pages = sum(len(h.pages) for h in hosts)
    print(f"web: {len(hosts)} hosts, {pages} pages, {len(web.articles())} articles ({len(web.listed_articles())} listed),"
          f" served on 127.0.0.1:{web.port}; CONCURRENT_REQUESTS={args.concurrency}")
    same = [f"CONCURRENT_REQUESTS={args.concurrency}", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.per_host}"]
    fair = [*same, "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", *args.set]
    if args.set:
        print(f"project settings changed from its defaults: {', '.join(args.set)}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        prof = work / "project.prof" if args.profile else None
        samples: list[Sample] | None = [] if args.timeline else None
        stored, wall = project_crawl(web, work, "project", fair, args.limit, prof, samples=samples)
        rows = web.requests_of(PROJECT_AGENT)
        report(f"project (defaults; DOWNLOAD_DELAY=0, no AutoThrottle, {args.per_host} per host)", stored, wall,
               rows, web, work / "project" / "rejected.jsonl")
        if samples is not None:
            print_timeline(timeline(rows, samples))
        if prof is not None and prof.exists():
            print_profile(prof)
        if args.baseline:
            before, samples = len(web.log), [] if args.timeline else None
            base, base_timing = project_crawl(web, work, "baseline", fair, args.limit, root=args.baseline.resolve(),
                                              samples=samples)
            rows = [(t, h, p, s) for t, a, h, p, s in web.log[before:] if PROJECT_AGENT in a]
            report(f"baseline: {args.baseline}'s code, the same settings", base, base_timing, rows, web,
                   work / "baseline" / "rejected.jsonl")
            if samples is not None:
                print_timeline(timeline(rows, samples))
        if not args.no_stock:
            samples = [] if args.timeline else None
            stock, stock_wall = stock_crawl(web, work, same, args.limit, samples)
            rows = web.requests_of(STOCK_AGENT)
            report(f"stock SitemapSpider + trafilatura.extract ({args.per_host} per host)", stock, stock_wall, rows, web)
            if samples is not None:
                print_timeline(timeline(rows, samples))
        if args.politeness_minutes > 0:
            before = len(web.log)
            polite, polite_wall = project_crawl(web, work, "polite", [f"CONCURRENT_REQUESTS={args.concurrency}", *args.set],
                                                   args.politeness_minutes * 60)
            rows = [(t, h, p, s) for t, a, h, p, s in web.log[before:] if PROJECT_AGENT in a]
            report("project with its shipped politeness (stopped after at most "
                   f"{args.politeness_minutes:g} min)", polite, polite_wall, rows, web, work / "polite" / "rejected.jsonl")
            print("  minute  hosts active  hosts with pending work  share")
            for minute, active, pending in hosts_active_per_minute(rows):
                print(f"  {minute:6d}  {active:12d}  {pending:22d}  {active / max(1, pending):.2f}")
    finally:
        web.close()
        with (work / "requests.tsv").open("w", encoding="utf-8") as log:
            log.writelines(f"{t:.3f}\t{a}\t{h}\t{p}\t{s}\n" for t, a, h, p, s in web.log)
        print(f"outputs and logs: {work}")


if __name__ == "__main__":
    main()
