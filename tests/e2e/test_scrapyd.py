"""Scheduling with scrapyd, for real: start it, deploy with scrapyd-client, schedule `topic`, find its articles."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtureweb.generated import GeneratedSite

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(url: str, data: dict[str, Any] | list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\nlogs_dir = {home}/logs\n"
        f"dbs_dir = {home}/dbs\nitems_dir =\nmax_proc = 1\n",
        "utf-8",
    )
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if call(f"{url}/daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("scrapyd did not start: " + (server.stderr.read().decode() if server.stderr else ""))
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def deploy(url: str, workdir: Path) -> None:
    """`scrapyd-deploy` from a copy of the project whose scrapy.cfg points at this scrapyd."""
    for name in ("crawler", "setup.py", "scrapy.cfg"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, workdir / name)
    (workdir / "scrapy.cfg").write_text(
        f"[settings]\ndefault = crawler.settings\n\n[deploy]\nurl = {url}/\nproject = crawler\n", "utf-8"
    )
    result = subprocess.run([str(BIN / "scrapyd-deploy")], cwd=workdir, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and '"status": "ok"' in result.stdout, result.stdout + result.stderr


def test_a_crawl_scheduled_through_scrapyd_stores_its_articles(scrapyd: str, tmp_path: Path) -> None:
    workdir = tmp_path / "project"
    workdir.mkdir()
    deploy(scrapyd, workdir)
    assert "topic" in call(f"{scrapyd}/listspiders.json?project=crawler")["spiders"]
    output = tmp_path / "output"
    with GeneratedSite(articles=12, per_hub=6) as site:
        settings = ["OUTPUT_DIR=" + str(output), "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "EXTRACT_WORKERS=1"]
        job = call(
            f"{scrapyd}/schedule.json",
            [("project", "crawler"), ("spider", "topic"), ("urls", f"{site.base}/")]
            + [("setting", s) for s in settings],
        )
        assert job["status"] == "ok", job
        deadline = time.time() + 240
        while time.time() < deadline:
            jobs = call(f"{scrapyd}/listjobs.json?project=crawler")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(1)
        else:
            pytest.fail(f"the scrapyd job did not finish: {jobs}")
        expected = site.article_urls()
    lines = (output / "articles.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(line)["url"] for line in lines} == expected
