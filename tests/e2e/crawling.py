"""Running `scrapy crawl topic` as a user does, for the end-to-end tests, and reading what it wrote."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
CRAWL_TIMEOUT = 120  # seconds
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
# What every test crawl sets: no politeness delay against the fixture web, INFO logs with the stats.
TEST_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "LOG_LEVEL=INFO")


def run_topic_crawl(arguments: list[str], output_dir: Path, log_path: Path) -> tuple[int | None, str]:
    """One `scrapy crawl topic` in its own process group (killed after CRAWL_TIMEOUT: returncode None), and its log."""
    command = [sys.executable, "-m", "scrapy", "crawl", "topic", *arguments, "-s", f"OUTPUT_DIR={output_dir}"]
    for setting in TEST_SETTINGS:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            returncode: int | None = proc.wait(timeout=CRAWL_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the crawler and its worker processes
            proc.wait()
            returncode = None
    return returncode, log_path.read_text(encoding="utf-8", errors="replace")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_stats(log: str) -> dict[str, float]:
    """The numeric entries of Scrapy's last 'Dumping Scrapy stats:' block."""
    _, marker, rest = log.rpartition("Dumping Scrapy stats:")
    if not marker:
        return {}
    block = []
    for line in rest.splitlines()[1:]:
        if not line.startswith(("{", " ")):
            break
        block.append(line)
    return {key: float(value) for key, value in re.findall(r"'([^']+)': (-?\d+(?:\.\d+)?)\s*[,}]", "\n".join(block))}


def path_of(url: str) -> str:
    """A URL compared by path: scheme, host, port and fragment dropped; a query kept if not empty."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
