"""Throughput of the crawl against its ceilings, measured in one run on the shared benchmark pages.

    python scripts/bench_throughput.py                    # all 1,171 pages, 24 hosts
    python scripts/bench_throughput.py --pages 300 --hosts 6
    python scripts/bench_throughput.py --variant STORE_GROUP_DELAY=0.1   # and the crawl with another setting
    python scripts/bench_throughput.py --pages 400 --hosts 8 --baseline ../main   # and another checkout's crawl
    python scripts/bench_throughput.py --memory 100000 --every 5000   # synthetic pages: RSS over a long crawl
    python scripts/bench_throughput.py --extraction-only --baseline ../main   # CPU of extract_page / trafilatura's

The pages of ../shared/benchmarks (scrapinghub + trafilatura-eval) are served on
127.0.0.1, one port per host, every page listed in its host's sitemap.xml;
links are not followed and politeness is off for every crawler. Measured in
the same run, each in its own process tree: `trafilatura.extract(bytes)` in
1 and in 2 processes, the project's `extract_page` in 1 process, the project's
`scrapy crawl topic` with a keep-all profile, and a stock Scrapy SitemapSpider
with `trafilatura.extract` in an item pipeline. Printed: pages/s, CPU seconds
per page, peak RSS of the process tree, and the project crawl's ratios; for a
crawl, also the CPU of its main (reactor) process alone, apart from its workers.
`--baseline DIR` also runs the crawl of another checkout (its code, this
script's settings) in the same run, for a before/after on the same load.
`--extraction-only`: no crawl; one process calls `trafilatura.extract(bytes)`
and `extract_page` in turn on each page, summing the CPU time of each call, so
other jobs on the machine weigh on both alike; the ratio of the sums is printed
(with `--baseline DIR`, also for that checkout's `extract_page`, in a second process).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.throughput_web import KEEP_ALL_PROFILE, STOCK_SPIDER, BenchWeb, SyntheticWeb  # noqa: E402

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
# What both crawls are told: politeness off, no robots.txt, no link following, the same concurrency.
COMMON_SETTINGS = {
    "ROBOTSTXT_OBEY": "False",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "False",
}
PROJECT_SETTINGS = {
    "TOPIC_FOLLOW_LINKS": "False",
    "TOPIC_ROBOTS_SITEMAPS": "False",
    "TOPIC_QUERY_FEEDS": "False",
}
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def benchmark_pages(limit: int | None) -> list[tuple[str, bytes]]:
    """(name, raw bytes) of the scrapinghub and trafilatura-eval pages, interleaved, the first `limit`."""
    hub = sorted((BENCHMARKS / "scrapinghub" / "html").glob("*.html.gz"))
    evaldata = json.loads((BENCHMARKS / "trafilatura-eval" / "evaldata.json").read_text("utf-8"))
    tev = [BENCHMARKS / "trafilatura-eval" / "html" / f"{evaldata[u]['file']}.gz" for u in sorted(evaldata)]
    files = hub + tev
    pages = [(f.name.removesuffix(".gz"), gzip.decompress(f.read_bytes())) for f in files]
    return pages[:limit]


@dataclass
class Measure:
    """One run: pages done, wall seconds, CPU seconds and peak RSS (bytes) of its process tree."""

    name: str
    pages: int
    wall: float
    cpu: float
    peak_rss: int
    peak_pss: int = 0
    main_cpu: float | None = None  # a crawl: CPU seconds of its main (reactor) process alone

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    def line(self) -> str:
        cpu_page = self.cpu / self.pages if self.pages else 0.0
        return (f"{self.name:44} {self.pages:6d} pages {self.wall:7.1f} s  {self.rate:6.1f} pages/s  "
                f"{cpu_page * 1000:6.1f} CPU ms/page  peak RSS {self.peak_rss / 2**20:6.0f} MB"
                + (f"  peak PSS {self.peak_pss / 2**20:.0f} MB" if self.peak_pss else "")
                + (f"\n{'':44} main process {self.main_cpu / max(self.pages, 1) * 1000:6.1f} CPU ms/page "
                   f"({self.main_cpu:.1f} s), its workers {(self.cpu - self.main_cpu) / max(self.pages, 1) * 1000:6.1f}"
                   if self.main_cpu is not None else ""))


class TreeMonitor:
    """Samples a process tree every `interval` s: summed RSS (peak kept) and each process's last CPU time.

    With `pss`, also the summed PSS (proportional set size: a page shared by
    several processes of the tree is counted once overall), which reads /proc smaps.
    """

    def __init__(self, root_pid: int, interval: float = 0.2, pss: bool = False) -> None:
        self.root = psutil.Process(root_pid)
        self.interval = interval
        self.with_pss = pss
        self.peak_rss = self.rss = self.peak_pss = self.pss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        total = pss = 0
        for proc in procs:
            try:
                with proc.oneshot():
                    total += proc.memory_info().rss
                    pss += proc.memory_full_info().pss if self.with_pss else 0
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
            except psutil.Error:
                continue
        self.rss, self.pss = total, pss
        self.peak_rss, self.peak_pss = max(self.peak_rss, total), max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def stop(self) -> float:
        """Stop sampling; the CPU seconds of every process seen."""
        self._stop.set()
        self._thread.join()
        return sum(self.cpu.values())

    def root_cpu(self) -> float:
        """The root process's last CPU seconds sampled (after `stop`)."""
        return self.cpu.get(self.root.pid, 0.0)


def clean_env(root: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONPATH"] = str(root)
    return env


def extraction_run(name: str, kind: str, processes: int, pages_file: Path, count: int) -> Measure:
    """`processes` extraction processes over the pages (split between them), started together."""
    procs = [
        subprocess.Popen([sys.executable, __file__, "--extract-worker", kind, str(pages_file), f"{i}/{processes}"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=clean_env(), cwd=ROOT, text=True)
        for i in range(processes)
    ]
    for proc in procs:  # each has loaded its pages and imported its extractor
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    monitors = [TreeMonitor(p.pid) for p in procs]
    start = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    cpu = 0.0
    for proc in procs:
        assert proc.stdout is not None
        cpu += float(proc.stdout.readline())
        proc.wait()
    wall = time.perf_counter() - start
    peaks = [m.peak_rss for m in monitors]
    for monitor in monitors:
        monitor.stop()
    return Measure(name, count, wall, cpu, sum(peaks))


def extract_worker(kind: str, pages_file: Path, shard: str) -> None:
    """Child: extract its share of the pages once told to go; print the loop's CPU seconds."""
    index, total = (int(x) for x in shard.split("/"))
    pages = json.loads(pages_file.read_text("utf-8"))[index::total]
    bodies = [(Path(path).read_bytes(), url) for path, url in pages]
    if kind == "trafilatura":
        import trafilatura

        def run(body: bytes, url: str) -> None:
            trafilatura.extract(body, url=url, deduplicate=False)
    else:
        from crawler.extraction.extract import ExtractionFailed, extract_page, prepare

        prepare()

        def run(body: bytes, url: str) -> None:
            try:
                extract_page(body, url)
            except ExtractionFailed:
                pass
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.process_time()
    for body, url in bodies:
        run(body, url)
    print(time.process_time() - start, flush=True)


def crawl_run(name: str, command: list[str], cwd: Path, counter: BenchWeb | SyntheticWeb, log: Path,
              every: int = 0) -> Measure:
    """One crawl subprocess, watched until it exits; pages = article pages the servers answered."""
    before = counter.page_hits()
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=clean_env(cwd), stdout=out, stderr=subprocess.STDOUT)
        monitor = TreeMonitor(proc.pid, 0.5 if every else 0.2, pss=bool(every))
        mark = every
        while proc.poll() is None:
            time.sleep(0.5)
            done = counter.page_hits() - before
            if every and done >= mark:
                print(f"  {done:7d} pages  {time.perf_counter() - start:7.0f} s  RSS {monitor.rss / 2**20:6.0f} MB "
                      f"(peak {monitor.peak_rss / 2**20:.0f})  PSS {monitor.pss / 2**20:6.0f} MB "
                      f"(peak {monitor.peak_pss / 2**20:.0f})  {len(monitor.cpu)} processes seen", flush=True)
                mark = (done // every + 1) * every
    wall = time.perf_counter() - start
    cpu = monitor.stop()
    if proc.returncode != 0:
        print(f"  {name}: exit code {proc.returncode}, see {log}", file=sys.stderr)
    return Measure(name, counter.page_hits() - before, wall, cpu, monitor.peak_rss, monitor.peak_pss,
                   monitor.root_cpu())


def project_crawl(web: BenchWeb | SyntheticWeb, work: Path, extra: dict[str, str] | None = None,
                  every: int = 0, name: str = "project: scrapy crawl topic", root: Path = ROOT) -> Measure:
    work.mkdir(parents=True, exist_ok=True)
    profile = work / "keep-all.toml"
    profile.write_text(KEEP_ALL_PROFILE, "utf-8")
    settings = {**COMMON_SETTINGS, **PROJECT_SETTINGS, "TOPIC_PROFILE": str(profile),
                "OUTPUT_DIR": str(work / "project-output"), **(extra or {})}
    command = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", "urls=" + ",".join(web.sitemaps())]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    return crawl_run(name, command, root, web, work / "project.log", every)


def stock_crawl(web: BenchWeb, work: Path) -> Measure:
    script = work / "stock_spider.py"
    script.write_text(STOCK_SPIDER, "utf-8")
    config = {"sitemaps": web.sitemaps(), "settings": COMMON_SETTINGS, "output": str(work / "stock.jsonl")}
    command = [sys.executable, str(script), json.dumps(config)]
    measure = crawl_run("stock: SitemapSpider + trafilatura pipeline", command, work, web, work / "stock.log")
    measure.main_cpu = None  # one process: its tree's CPU is its own
    return measure


def per_page(seconds: float, measure: Measure) -> float:
    return seconds / max(measure.pages, 1)


def ratio_lines(crawl: Measure, others: dict[str, float]) -> list[str]:
    return [f"project crawl / {name:44} {crawl.rate / rate:5.2f}x" for name, rate in others.items() if rate]


def compare(args: argparse.Namespace) -> None:
    pages = benchmark_pages(args.pages)
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        work = Path(tmp)
        listing = []
        for i, (name, body) in enumerate(pages):
            path = work / "pages" / f"{i:05d}-{name}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(body)
            listing.append((str(path), f"http://127.0.0.1/p/{name}"))
        pages_file = work / "pages.json"
        pages_file.write_text(json.dumps(listing), "utf-8")
        n = len(pages)
        print(f"{n} pages from {args.hosts} hosts on 127.0.0.1; os.cpu_count() = {os.cpu_count()}", flush=True)
        results: list[Measure] = []
        for name, kind, procs in (("trafilatura.extract, 1 process", "trafilatura", 1),
                                  ("trafilatura.extract, 2 processes", "trafilatura", 2),
                                  ("project extract_page, 1 process", "project", 1)):
            results.append(extraction_run(name, kind, procs, pages_file, n))
            print(results[-1].line(), flush=True)
        with BenchWeb(pages, args.hosts) as web:
            stock = stock_crawl(web, work)
            print(stock.line(), flush=True)
            crawl = project_crawl(web, work)
            print(crawl.line(), flush=True)
            if args.baseline:  # another checkout's crawl, between this one's and the variant's
                base = project_crawl(web, work / "baseline", name=f"baseline: {args.baseline.name}'s crawl",
                                     root=args.baseline.resolve())
                print(base.line(), flush=True)
                main_ratio = per_page(crawl.main_cpu or 0.0, crawl) / max(per_page(base.main_cpu or 0.0, base), 1e-9)
                print(f"crawl / baseline: {crawl.rate / max(base.rate, 1e-9):.2f}x pages/s, "
                      f"{per_page(crawl.cpu, crawl) / max(per_page(base.cpu, base), 1e-9):.2f}x CPU per page, "
                      f"main process {main_ratio:.2f}x CPU per page")
            variant = dict(v.split("=", 1) for v in args.variant)
            if variant:  # the same crawl with other settings, measured in this run
                other = project_crawl(web, work / "variant", variant, name=f"project with {args.variant}")
                print(other.line(), flush=True)
                print(f"crawl with {args.variant} / default: {other.rate / max(crawl.rate, 1e-9):.2f}x pages/s, "
                      f"{other.cpu / max(other.pages, 1) / max(crawl.cpu / max(crawl.pages, 1), 1e-9):.2f}x CPU per page")
        traf1, traf2, own1 = results
        print(f"project extraction time per page / trafilatura's: {traf1.rate / own1.rate:.2f}x "
              f"(CPU {own1.cpu / max(traf1.cpu, 1e-9):.2f}x)")
        for line in ratio_lines(crawl, {"stock spider": stock.rate, "trafilatura, 1 process": traf1.rate,
                                        "trafilatura, 2 processes": traf2.rate,
                                        "project extract_page, 1 process": own1.rate,
                                        "2 x project extract_page, 1 process": 2 * own1.rate}):
            print(line)
        if args.keep:
            print(f"logs: {work}/project.log {work}/stock.log")
            input("press Enter to delete the temporary folder ")


def interleaved(root: Path, pages: list[tuple[str, bytes]], rounds: int) -> tuple[float, float]:
    """CPU seconds of `trafilatura.extract` and of `root`'s `extract_page` over the pages, called in turn per page."""
    sys.path.insert(0, str(root))
    for name in [m for m in sys.modules if m == "crawler" or m.startswith("crawler.")]:
        del sys.modules[name]
    import trafilatura

    from crawler.extraction.extract import ExtractionFailed, extract_page, prepare

    prepare()
    clock = time.process_time
    traf = own = 0.0
    for _ in range(rounds):
        for name, body in pages:
            url = f"http://127.0.0.1/p/{name}"
            start = clock()
            trafilatura.extract(body, url=url, deduplicate=False)
            middle = clock()
            try:
                extract_page(body, url)
            except ExtractionFailed:
                pass
            end = clock()
            traf, own = traf + middle - start, own + end - middle
    return traf, own


def extraction_only(args: argparse.Namespace) -> None:
    roots = [("this checkout", ROOT)] + ([(f"baseline {args.baseline.name}", args.baseline.resolve())]
                                         if args.baseline else [])
    for label, root in roots:
        out = subprocess.run([sys.executable, __file__, "--interleave-worker", str(root), str(args.pages or 0),
                              str(args.rounds)], env=clean_env(), cwd=ROOT, text=True, capture_output=True, check=True)
        traf, own, n = (float(x) for x in out.stdout.split())
        print(f"{label:22} {int(n)} page calls: trafilatura.extract {traf / n * 1000:6.2f} CPU ms/page, "
              f"extract_page {own / n * 1000:6.2f} ({own / traf:.3f}x)", flush=True)


def memory(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp, SyntheticWeb(args.memory, args.hosts) as web:
        print(f"{args.memory} synthetic pages from {args.hosts} hosts on 127.0.0.1; RSS of the crawl's process tree:",
              flush=True)
        variant = dict(v.split("=", 1) for v in args.variant)
        crawl = project_crawl(web, Path(tmp), variant, every=args.every,
                              name=f"project with {args.variant}" if variant else "project: scrapy crawl topic")
        print(crawl.line())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=None, help="only the first N benchmark pages")
    parser.add_argument("--hosts", type=int, default=24, help="spread the pages over N hosts (ports)")
    parser.add_argument("--memory", type=int, default=0, help="instead: a crawl of N synthetic pages, printing RSS")
    parser.add_argument("--every", type=int, default=5000, help="with --memory: print RSS every N pages")
    parser.add_argument("--keep", action="store_true", help="keep the crawl logs until Enter is pressed")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=VALUE",
                        help="also run the project's crawl with this setting (repeatable), in the same run; "
                             "with --memory: run the crawl with it instead")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                        help="also run the crawl of the checkout in DIR (e.g. ../main) in the same run")
    parser.add_argument("--extraction-only", action="store_true",
                        help="no crawl: CPU of extract_page against trafilatura.extract, called in turn per page")
    parser.add_argument("--rounds", type=int, default=1, help="with --extraction-only: times over the pages")
    parser.add_argument("--extract-worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--interleave-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.extract_worker:
        extract_worker(args.extract_worker[0], Path(args.extract_worker[1]), args.extract_worker[2])
    elif args.interleave_worker:
        root, limit, rounds = args.interleave_worker
        pages = benchmark_pages(int(limit) or None)
        traf, own = interleaved(Path(root), pages, int(rounds))
        print(traf, own, len(pages) * int(rounds))
    elif args.extraction_only:
        extraction_only(args)
    elif args.memory:
        memory(args)
    else:
        compare(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
