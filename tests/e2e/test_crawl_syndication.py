"""The original wins, end to end: a story and its copy on two hosts, the copy crawled first.

Two crawls into one OUTPUT_DIR: the first finds only the partner's copy (and
writes it: nothing better is known), the second finds the wire's original.
With a canonical link on the copy and without one (then the earlier
publication time decides), `scrapy export` resolves the output to one row per
story: the original's URL and id.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from crawler.dedup.fingerprints import url_id
from tests.e2e.crawling import PROJECT_DIR, read_jsonl, run_topic_crawl

pytestmark = pytest.mark.e2e

PARAGRAPHS = [
    "The Federal Communications Commission extended its ban on ZTE and Huawei equipment to state and local networks "
    "on Thursday, citing national security and the sanctions already in force against both suppliers.",
    "State agencies that received federal broadband grants must remove ZTE routers and Huawei radio units within "
    "eighteen months, the commission said in an order adopted unanimously by its five members.",
    "ZTE rejected the accusation that its equipment was a security threat and said it would ask a federal court to "
    "review the order, which it called arbitrary and unsupported by evidence.",
    "Rural carriers, which rely most on the cheaper equipment, warned that the replacement would cost far more than "
    "the grants set aside for it and asked Congress for additional funding before the deadline.",
]


def page(title: str, published: str, canonical: str | None, extra: str = "") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + (f"<p>{extra}</p>" if extra else "")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{link}'
        f'<meta property="og:type" content="article"><meta property="article:published_time" content="{published}">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"<p class='byline'>By Dana Whitfield</p>{body}</article><footer>Contact</footer></body></html>"
    ).encode()


class Host:
    """One host on 127.0.0.1 serving fixed pages by path."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = host.pages.get(self.path.split("?", 1)[0])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"<html><body>not found</body></html>")

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hosts() -> Iterator[tuple[Host, Host]]:
    wire, partner = Host(), Host()
    yield wire, partner
    wire.close()
    partner.close()


@pytest.mark.parametrize("canonical", [True, False], ids=["with-canonical", "without-canonical"])
def test_one_row_per_story_the_originals(tmp_path: Path, hosts: tuple[Host, Host], canonical: bool) -> None:
    wire, partner = hosts
    original = f"{wire.base}/2024/03/14/fcc-extends-zte-huawei-ban-to-state-networks"
    copy = f"{partner.base}/world/2024/03/15/fcc-widens-zte-huawei-ban"
    wire.pages[original.removeprefix(wire.base)] = page("FCC extends ZTE and Huawei ban to state networks",
                                                        "2024-03-14T16:40:00-04:00", None)
    partner.pages[copy.removeprefix(partner.base)] = page(
        "FCC widens ZTE and Huawei ban", "2024-03-15T09:00:00+00:00", original if canonical else None,
        "This story was distributed by a wire service and republished with permission.")
    output = tmp_path / "output"
    for name, seeds in (("first", copy), ("second", f"{original},{copy}")):
        code, log = run_topic_crawl(["-a", f"urls={seeds}"], output, tmp_path / f"{name}.log")
        assert code == 0 and "'finish_reason': 'finished'" in log, log[-3000:]
    lines = read_jsonl(output / "articles.jsonl")
    assert [r["url"] for r in lines] == [copy, original]
    assert lines[0]["id"] == url_id(copy), "a copy is written under its own id, never the original's"
    assert lines[1]["id"] == url_id(original) and lines[1]["version"] == 1
    assert lines[1]["supersedes"] == [url_id(copy)]
    corpus = tmp_path / "corpus"
    result = subprocess.run([sys.executable, "-m", "scrapy", "export", str(output), "-o", str(corpus), "--format", "jsonl"],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for shard in sorted(corpus.rglob("*.jsonl.gz"))
            for line in gzip.decompress(shard.read_bytes()).decode("utf-8").splitlines()]
    assert [(r["url"], r["id"]) for r in rows] == [(original, url_id(original))]
