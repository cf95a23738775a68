"""Crawls that lose nothing: SIGKILL at seeded moments, graceful stops, group signals, resumes; every article once.

Runs `scrapy crawl topic` as subprocesses (each in its own process group, as a
terminal or systemd runs it) against a generated site on 127.0.0.1
(GeneratedSite), killing and resuming it, then checks that the stored article
URLs are exactly the site's, with no duplicate line and no torn line, that only
the last run reports `finished`, and that no page in flight was dropped as
`extract/crashed`.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtureweb.generated import GeneratedSite

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261123
RUN_TIMEOUT = 600


@dataclass
class Run:
    returncode: int
    log: str

    @property
    def reason(self) -> str | None:
        found = re.search(r"'finish_reason': '(\w+)'", self.log)
        return found.group(1) if found else None

    def stat(self, name: str) -> int | None:
        found = re.search(rf"'{re.escape(name)}': (\d+)", self.log)
        return int(found.group(1)) if found else None


class Crawl:
    """One output folder crawled again and again against one site."""

    def __init__(self, site: GeneratedSite, output: Path) -> None:
        self.site = site
        self.output = output
        self.runs: list[Run] = []

    def start(self) -> subprocess.Popen[str]:
        command = [
            sys.executable, "-m", "scrapy", "crawl", "topic", "-a", f"urls={self.site.base}/",
            "-s", f"OUTPUT_DIR={self.output}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
        ]  # fmt: skip
        log = (self.output.parent / f"run{len(self.runs)}.log").open("w")
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True, start_new_session=True)

    def finish(self, process: subprocess.Popen[str]) -> Run:
        process.wait(timeout=RUN_TIMEOUT)
        run = Run(process.returncode, (self.output.parent / f"run{len(self.runs)}.log").read_text("utf-8"))
        self.runs.append(run)
        return run

    def stored(self) -> int:
        path = self.output / "articles.jsonl"
        return path.read_bytes().count(b"\n") if path.exists() else 0

    def until(self, process: subprocess.Popen[str], done: Callable[[], bool]) -> None:
        deadline = time.time() + RUN_TIMEOUT
        while not done() and process.poll() is None and time.time() < deadline:
            time.sleep(0.05)

    def kill_when(self, done: Callable[[], bool]) -> Run:
        process = self.start()
        self.until(process, done)
        process.send_signal(signal.SIGKILL)
        return self.finish(process)

    def group_signal_when(self, sig: int, done: Callable[[], bool]) -> Run:
        """Send `sig` to the crawl's whole process group (main process and extraction workers) once `done()`."""
        process = self.start()
        self.until(process, done)
        if process.poll() is None:
            os.killpg(process.pid, sig)
        return self.finish(process)

    def rejected(self, reason: str) -> list[str]:
        path = self.output / "rejected.jsonl"
        lines = path.read_text("utf-8").splitlines() if path.exists() else []
        return [r["url"] for r in map(json.loads, lines) if r["reason"] == reason]

    def kill_after(self, seconds: float) -> Run:
        started = time.time()
        return self.kill_when(lambda: time.time() - started >= seconds)

    def complete(self, max_runs: int = 4) -> Run:
        for _ in range(max_runs):
            run = self.finish(self.start())
            if run.reason == "finished":
                return run
        pytest.fail(f"no run finished in {max_runs} tries: {self.runs[-1].log[-3000:]}")

    def check(self) -> None:
        raw = (self.output / "articles.jsonl").read_text("utf-8")
        assert raw.endswith("\n"), "the last line is torn"
        records = [json.loads(line) for line in raw.splitlines()]  # every line parses
        urls = [r["url"] for r in records]
        assert len(urls) == len(set(urls)), f"{len(urls) - len(set(urls))} duplicate lines"
        assert set(urls) == self.site.article_urls()
        final = self.runs[-1]
        assert final.reason == "finished" and final.stat("frontier/pending_at_close") == 0
        with sqlite3.connect(self.output / "state.db") as db:  # no page of the site ever failed: no kill counts
            charged = db.execute("SELECT url, status, attempts FROM frontier WHERE attempts > 0").fetchall()
        assert charged == [], f"{len(charged)} URLs charged an attempt by a stop or a kill: {charged[:5]}"
        assert all(run.reason != "finished" for run in self.runs[:-1])


@pytest.fixture
def site() -> Iterator[GeneratedSite]:
    with GeneratedSite(articles=1960, per_hub=49, delay=0.005) as served:  # 1,960 articles + 40 hubs + home
        yield served


def test_sigkill_at_seeded_moments_then_resume_loses_and_repeats_nothing(site: GeneratedSite, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    crawl = Crawl(site, tmp_path / "output")
    total = len(site.article_urls())
    crawl.kill_after(rng.uniform(0.5, 2.5))  # during start-up
    crawl.kill_when(lambda: crawl.stored() >= rng.uniform(0.3, 0.5) * total)  # mid-crawl
    crawl.kill_after(rng.uniform(0.5, 2.0))  # twice in a row
    crawl.kill_after(rng.uniform(0.5, 2.0))
    paused = crawl.start()  # a clean pause (SIGINT), a resume, then a kill
    target = crawl.stored() + rng.uniform(0.05, 0.15) * total
    crawl.until(paused, lambda: crawl.stored() >= target)
    paused.send_signal(signal.SIGINT)
    assert crawl.finish(paused).reason == "shutdown"
    crawl.kill_when(lambda: crawl.stored() >= rng.uniform(0.85, 0.95) * total)  # near the end
    crawl.complete()
    crawl.check()


def test_graceful_stop_then_resume(site: GeneratedSite, tmp_path: Path) -> None:
    crawl = Crawl(site, tmp_path / "output")
    total = len(site.article_urls())
    process = crawl.start()
    crawl.until(process, lambda: crawl.stored() >= 0.3 * total)
    process.send_signal(signal.SIGTERM)
    stopped = time.time()
    run = crawl.finish(process)
    assert run.reason == "shutdown" and run.returncode == 128 + signal.SIGTERM
    assert time.time() - stopped < 30 + 15  # DOWNLOAD_TIMEOUT plus a few seconds, on a loaded machine
    forced = crawl.start()  # a second signal exits at once, without corrupting the state
    crawl.until(forced, lambda: crawl.stored() >= 0.5 * total)
    forced.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    forced.send_signal(signal.SIGTERM)
    crawl.finish(forced)
    state = subprocess.run(
        [sys.executable, "-m", "scrapy", "state", "--check", "-s", f"OUTPUT_DIR={crawl.output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert state.returncode == 0 and "integrity: ok" in state.stdout, state.stdout + state.stderr
    crawl.complete()
    crawl.check()


def test_group_signals_mixed_with_kills_lose_nothing_and_drop_no_page_in_flight(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    with GeneratedSite(articles=588, per_hub=49, delay=0.005) as site:  # 588 articles + 12 hubs + home
        crawl = Crawl(site, tmp_path / "output")
        total = len(site.article_urls())
        codes = []
        for sig, share in ((signal.SIGINT, 0.15), (signal.SIGKILL, 0.3), (signal.SIGTERM, 0.45), (signal.SIGINT, 0.6),
                           (signal.SIGKILL, 0.7), (signal.SIGTERM, 0.85)):
            target = max(crawl.stored(), share * total) + rng.uniform(0, 0.05) * total
            run = crawl.group_signal_when(sig, lambda target=target: crawl.stored() >= target)
            codes.append((signal.Signals(sig).name, run.returncode, run.reason))
        final = crawl.complete()
        assert final.returncode == 0
        stored = [json.loads(line)["url"] for line in (crawl.output / "articles.jsonl").read_text("utf-8").splitlines()]
        crashed = crawl.rejected("extract/crashed")
        print(f"group signals: expected {total}, stored {len(set(stored))}, duplicates {len(stored) - len(set(stored))},"
              f" extract/crashed {len(crashed)}; exit codes {codes}, final {final.returncode}")
        for name, code, reason in codes:
            if name == "SIGINT" and reason == "shutdown":
                assert code == 130
            if name == "SIGTERM" and reason == "shutdown":
                assert code == 143
            if name == "SIGKILL":
                assert code == -signal.SIGKILL
        assert crashed == []
        crawl.check()
