"""`scrapy report` rendered in headless Chromium: the page draws (not blank, charts visible) with no console error.

Chromium is Debian's `chromium` package (.ci/run installs it); without it the test is skipped, saying so.
The screenshot is left at output/report.png.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from tests.e2e.cli import PROJECT_DIR, run_scrapy

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = PROJECT_DIR / "output" / "report.png"
CHART_BLUE = (0x38, 0x67, 0xD6)  # crawler/reporting/charts.py COLOR


def render(page: Path, png: Path, profile: Path) -> list[str]:
    """Screenshot `page` with headless Chromium; the console messages it logged."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
         "--window-size=1280,1900", f"--screenshot={png}", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert png.is_file(), result.stderr[-2000:]
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary: install Debian's `chromium` package (see .ci/run)")
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    demo = run_scrapy("demo", "-s", f"OUTPUT_DIR={tmp_path}", timeout=120)
    assert demo.returncode == 0, demo.stderr[-3000:]
    page = tmp_path / "page.html"
    result = run_scrapy("report", "-s", f"OUTPUT_DIR={tmp_path / 'demo'}", "-o", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"report written to {page}"
    html = page.read_text("utf-8")
    assert "<script" not in html and 'src="http' not in html and "<link" not in html  # one self-contained file

    SCREENSHOT.parent.mkdir(exist_ok=True)
    console = render(page, SCREENSHOT, tmp_path / "chromium")
    assert console == [], console
    pixels = (matplotlib.image.imread(SCREENSHOT)[:, :, :3] * 255).astype(int).reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    drawn = float((pixels != background).any(axis=1).mean())
    assert drawn > 0.2, f"the page looks blank: {drawn:.0%} of pixels differ from the background"
    assert len(colours) > 50, "the page has almost no colours"
    blue = int((np.abs(pixels - np.array(CHART_BLUE)) < 40).all(axis=1).sum())
    assert blue > 5000, f"no chart bars visible ({blue} chart-blue pixels)"


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary: install Debian's `chromium` package (see .ci/run)")
def test_console_errors_would_be_seen(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><title>x</title><script>console.error("broken"); missing();</script>', "utf-8")
    console = render(page, tmp_path / "broken.png", tmp_path / "chromium")
    assert any("broken" in line for line in console) and any("missing is not defined" in line for line in console)
