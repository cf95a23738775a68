"""The house rules that a linter can check: style, types, and pure rooms never importing Scrapy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean() -> None:
    result = run("ruff", "check", "crawler", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_modules_stay_small() -> None:
    # crawler/settings.py is the one list of every setting (DESIGN rule 3): data, not code to split by job.
    code = [p for p in (ROOT / "crawler").rglob("*.py") if p != ROOT / "crawler" / "settings.py"]
    big = [p for p in code if len(p.read_text("utf-8").splitlines()) > 300]
    assert not big, f"split these by job: {big}"
