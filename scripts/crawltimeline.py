"""A crawl's timeline for `scripts/bench_crawl.py --timeline`: requests and CPU over the run, in buckets of seconds.

Where a crawl spends its wall time shows in what its processes do each second: a
bucket where the downloader is busy and the extraction workers idle (or the
other way round) is time the two could have shared. `CpuSampler` reads the CPU
seconds of a crawl's process tree (the main process apart from its children, the
extraction workers) a few times a second; `timeline` puts them beside the
server's log of that crawler's requests, told apart as *structure* (robots.txt,
sitemaps, the generated home and section pages of `scripts/crawlweb.py`) and
*pages* (everything else).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import psutil

STRUCTURE_PATHS = ("/robots.txt", "/sitemap", "/section/", "/home/")


@dataclass(frozen=True)
class Sample:
    at: float  # epoch seconds
    main: float  # CPU seconds of the root process so far
    children: float  # CPU seconds of its descendants so far (each one's last reading, dead ones kept)


class CpuSampler:
    """Samples a process tree's CPU every `interval` seconds until `stop()`."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.samples: list[Sample] = []
        self._children: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            times = self.root.cpu_times()
            children = self.root.children(recursive=True)
        except psutil.Error:
            return
        for child in children:
            try:
                t = child.cpu_times()
            except psutil.Error:
                continue
            self._children[child.pid] = t.user + t.system
        self.samples.append(Sample(time.time(), times.user + times.system, sum(self._children.values())))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def stop(self) -> list[Sample]:
        self._stop.set()
        self._thread.join()
        return self.samples


def is_structure(path: str) -> bool:
    return path == "/" or path.startswith(STRUCTURE_PATHS)


def _cpu_at(samples: list[Sample], at: float) -> tuple[float, float]:
    """(main, children) CPU seconds at the last sample at or before `at`."""
    last = (0.0, 0.0)
    for s in samples:
        if s.at > at:
            break
        last = (s.main, s.children)
    return last


def timeline(
    requests: list[tuple[float, str, str, int]], samples: list[Sample], bucket: float = 2.0
) -> list[tuple[float, int, int, float, float]]:
    """Rows (seconds from the first sample, structure requests, page requests, main process CPU share, workers'
    CPU share in cores) per bucket."""
    if not samples:
        return []
    start, end = samples[0].at, samples[-1].at
    rows = []
    at = start
    while at < end:
        upto = at + bucket
        inside = [p for t, _h, p, _s in requests if at <= t < upto]
        structure = sum(1 for p in inside if is_structure(p))
        (m0, c0), (m1, c1) = _cpu_at(samples, at), _cpu_at(samples, upto)
        rows.append((at - start, structure, len(inside) - structure, (m1 - m0) / bucket, (c1 - c0) / bucket))
        at = upto
    return rows


def print_timeline(rows: list[tuple[float, int, int, float, float]]) -> None:
    print("     s  structure  pages  main CPU  workers CPU (cores)")
    for at, structure, pages, main, workers in rows:
        print(f"  {at:4.0f}  {structure:9d}  {pages:5d}  {main:8.2f}  {workers:11.2f}")
