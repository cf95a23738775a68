"""Running a `scrapy` command as a user does (a subprocess, no proxy), for the tests of what people see."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def run_scrapy(*args: str, cwd: Path = PROJECT_DIR, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`python -m scrapy ARGS` in `cwd`, with its stdout and stderr."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS and k != "PYTHONPATH"}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
