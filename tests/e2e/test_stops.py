"""How a crawl stops when it cannot work: no seed reachable, a seed host down for a run, the disk full.

Each case runs `scrapy crawl topic` as a subprocess against generated sites on
127.0.0.1 and checks the exit code, the one line that names the cause, and that
the next run, once the cause is gone, stores every article exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.crawling import TEST_SETTINGS, run_topic_crawl
from tests.fixtureweb.generated import GeneratedSite

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nothing listens on (the kernel just handed it out and it was closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stored_urls(output: Path) -> list[str]:
    path = output / "articles.jsonl"
    return [json.loads(line)["url"] for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_no_seed_reachable_exits_non_zero_within_a_minute_with_one_line(tmp_path: Path) -> None:
    urls = ",".join(f"http://127.0.0.1:{free_port()}/" for _ in range(2))
    started = time.time()
    code, log = run_topic_crawl(["-a", f"urls={urls}"], tmp_path / "output", tmp_path / "run.log")
    elapsed = time.time() - started
    lines = [line for line in log.splitlines() if "no seed could be reached" in line]
    assert code == 69 and elapsed < 60, (code, elapsed, log[-2000:])
    assert len(lines) == 1 and "2 of 2 failed" in lines[0] and "ConnectionRefused" in lines[0], lines
    assert "'finish_reason': 'no_seed_reachable'" in log


def test_a_seed_host_down_for_one_run_is_crawled_by_the_next(tmp_path: Path) -> None:
    port = free_port()
    with GeneratedSite(articles=40, per_hub=20) as up:
        down = f"http://127.0.0.1:{port}/"
        arguments = ["-a", f"urls={up.base}/,{down}"]
        code, log = run_topic_crawl(arguments, tmp_path / "output", tmp_path / "run1.log")
        assert code == 0 and "'finish_reason': 'finished'" in log, log[-2000:]
        assert set(stored_urls(tmp_path / "output")) == up.article_urls()
        with GeneratedSite(articles=30, per_hub=10, port=port) as back:
            for number in range(30):  # texts of its own, not copies of the first site's
                back.change_article(number)
            code, log = run_topic_crawl(arguments, tmp_path / "output", tmp_path / "run2.log")
            assert code == 0, log[-2000:]
            urls = stored_urls(tmp_path / "output")
            assert len(urls) == len(set(urls)) and set(urls) == up.article_urls() | back.article_urls()


NEEDS_UNSHARE = pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                                   reason="needs root and unshare for a private tmpfs")


@NEEDS_UNSHARE
def test_a_read_only_output_exits_at_once_with_one_line(tmp_path: Path) -> None:
    mount = tmp_path / "readonly"
    mount.mkdir()
    crawl = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", f"urls=http://127.0.0.1:{free_port()}/",
             "-s", f"OUTPUT_DIR={mount}", *(x for setting in TEST_SETTINGS for x in ("-s", setting))]
    script = f"mount -t tmpfs -o ro,size=1m tmpfs {mount} && exec {' '.join(crawl)}"
    started = time.time()
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stderr.splitlines() if "output not writable" in line]
    assert done.returncode == 74 and time.time() - started < 30, done.stderr[-3000:]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]


@pytest.mark.slow
@NEEDS_UNSHARE
def test_a_full_disk_stops_the_crawl_and_the_resumed_run_stores_every_article_once(tmp_path: Path) -> None:
    mount, saved = tmp_path / "small", tmp_path / "output"
    mount.mkdir()
    with GeneratedSite(articles=600, per_hub=50, delay=0.002) as site:
        crawl = [sys.executable, "-m", "scrapy", "crawl", "topic", "-a", f"urls={site.base}/", "-s", f"OUTPUT_DIR={mount}",
                 "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
        for setting in TEST_SETTINGS:
            crawl += ["-s", setting]
        # A 5 MiB tmpfs in a private mount namespace: the crawl starts, then the disk fills mid-crawl.
        script = (f"mount -t tmpfs -o size=5m tmpfs {mount} && {' '.join(crawl)}; code=$?;"
                  f" mkdir -p {saved} && cp -a {mount}/. {saved}/; exit $code")
        started = time.time()
        first = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True,
                               timeout=300)
        elapsed = time.time() - started
        full_lines = [line for line in first.stderr.splitlines() if "output not writable" in line]
        print(f"disk full: exit {first.returncode} after {elapsed:.1f} s, {len(stored_urls(saved))} articles stored")
        assert first.returncode == 74, first.stderr[-3000:]
        assert len(full_lines) == 1, full_lines
        stamps = [line[:19] for line in first.stderr.splitlines() if line[:4].isdigit() and line[4:5] == "-"]
        full_at = datetime.fromisoformat(full_lines[0][:19])
        assert (datetime.fromisoformat(stamps[-1]) - full_at).total_seconds() < 30  # stopped within 30 s of it
        assert 0 < len(stored_urls(saved)) < len(site.article_urls())  # it filled mid-crawl
        resumed = [part.replace(str(mount), str(saved)) for part in crawl]
        for _ in range(3):  # space is back
            done = subprocess.run(resumed, cwd=ROOT, capture_output=True, text=True, timeout=600)
            if "'finish_reason': 'finished'" in done.stderr:
                break
        assert done.returncode == 0, done.stderr[-3000:]
        urls = stored_urls(saved)
        assert len(urls) == len(set(urls)) and set(urls) == site.article_urls()


COUNTING = """
import atexit, sqlite3, sys
opened = []
real = sqlite3.connect
def counting(*args, **kwargs):
    opened.append(str(args[0]) if args else "")
    return real(*args, **kwargs)
sqlite3.connect = counting
atexit.register(lambda: open(sys.argv[1], "w").write(str(len(opened))))
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[2:]])
"""


def test_one_crawl_opens_one_sqlite_connection(tmp_path: Path) -> None:
    with GeneratedSite(articles=30, per_hub=10) as site:
        count = tmp_path / "connections"
        command = [sys.executable, "-c", COUNTING, str(count), "crawl", "topic", "-a", f"urls={site.base}/",
                   "-s", f"OUTPUT_DIR={tmp_path / 'output'}"]
        for setting in TEST_SETTINGS:
            command += ["-s", setting]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert len(stored_urls(tmp_path / "output")) == 30
        print(f"SQLite connections opened by one crawl: {count.read_text()}")
        assert count.read_text() == "1"
