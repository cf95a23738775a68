"""End-to-end: a robots.txt outage is timed across runs, and the last good copy stands in once it has lasted.

One host on 127.0.0.1, three crawls into one output folder, ROBOTS_LAST_GOOD_AFTER=2 s:
1. robots.txt answers (disallows /private/): the open article is fetched and stored.
2. robots.txt answers 503: the host is disallowed, nothing but robots.txt is fetched (the outage starts).
3. still 503, more than 2 s after the outage started (in the previous run): the copy of run 1 is obeyed,
   so the new open article is fetched and /private/ still is not.
Without the state's copy, run 3 would see a fresh outage and fetch nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.crawling import read_jsonl, run_topic_crawl
from tests.e2e.hostile_web import NOT_FOUND, Answer, HostileWeb, article, home, robots

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

OUTAGE = 2.0  # seconds of outage before the last good copy is used


def test_last_good_copy_is_obeyed_after_an_outage_spanning_runs(tmp_path: Path) -> None:
    run = [1]
    web = HostileWeb()

    def routes(path: str) -> Answer:
        if path == "/robots.txt":
            return robots("User-agent: *\nDisallow: /private/\n") if run[0] == 1 else Answer(503, b"down", "text/plain")
        pages = {"/": Answer(body=home(["/news/first", "/news/second", "/private/closed"])),
                 "/news/first": Answer(body=article(9300)), "/news/second": Answer(body=article(9301)),
                 "/private/closed": Answer(body=article(9302))}  # fmt: skip
        return pages.get(path, NOT_FOUND)

    host = web.add("site", routes)
    seeds = {1: ["/news/first"], 2: ["/", "/news/second"], 3: ["/", "/news/second", "/private/closed"]}
    try:
        seen: dict[int, list[str]] = {}
        for number in (1, 2, 3):
            run[0] = number
            before = len(host.paths())
            urls = ",".join(host.base + path for path in seeds[number])
            arguments = ["-a", f"urls={urls}", "-s", f"ROBOTS_LAST_GOOD_AFTER={OUTAGE}", "-s", "ROBOTS_RETRY_AFTER=600"]
            code, log = run_topic_crawl(arguments, tmp_path, tmp_path / f"run{number}.log")
            assert code in (0, 69), log[-3000:]  # 69: run 2 reaches no seed, by design
            seen[number] = host.paths()[before:]
            if number == 2:
                time.sleep(OUTAGE + 0.5)
    finally:
        web.stop()
    assert "/news/first" in seen[1]
    assert seen[2] == ["/robots.txt"], seen[2]  # the outage: the host is disallowed
    assert seen[3].count("/robots.txt") == 1 and "/news/second" in seen[3], seen[3]
    assert "/private/closed" not in seen[1] + seen[2] + seen[3]
    stored = {a["url"] for a in read_jsonl(tmp_path / "articles.jsonl")}
    assert stored == {host.base + "/news/first", host.base + "/news/second"}
