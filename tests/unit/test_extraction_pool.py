"""The extraction pool: a page over budget or a dying worker costs that page only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from crawler.extraction.extract import ExtractConfig, ExtractionFailed
from crawler.extraction.pool import ExtractionPool, PoolConfig
from tests.unit.extraction_workers import by_command

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    opened = ExtractionPool(ExtractConfig(), PoolConfig(workers=2, timeout=2.0, memory_limit=1024**3), by_command)
    yield opened
    opened.close()


def test_a_page_is_extracted_in_a_worker(pool: ExtractionPool) -> None:
    found = pool.extract((GOLDEN / "en_wire.html").read_bytes(), "https://wire.example/a", "text/html")
    assert found.title == "US presses Europe to shun Chinese airport scanner maker"


def test_a_worker_holds_the_extraction_modules_only(pool: ExtractionPool) -> None:
    loaded = set(pool.extract(b"modules", "https://a.org/modules").text.split())
    assert {"trafilatura", "lxml"} <= loaded
    # Each is megabytes of RSS in every worker: the crawl process's (Scrapy, Twisted), the relevance rules' (pydantic).
    assert not loaded & {"scrapy", "twisted", "pydantic", "simplemma", "sklearn"}


POOL_CHILDREN = """
import psutil
from crawler.extraction.extract import ExtractConfig
from crawler.extraction.pool import ExtractionPool, PoolConfig
from tests.unit.extraction_workers import by_command
pool = ExtractionPool(ExtractConfig(), PoolConfig(workers=2, timeout=60), by_command)
pids = {pool.extract(b"sleep:0.5", "https://a.org/x").text for _ in range(2)}
print(len(psutil.Process().children(recursive=True)))
pool.close()
"""


def test_a_pool_starts_its_workers_and_no_other_process() -> None:
    # multiprocessing's forkserver (63 MB of RSS) and resource tracker (12 MB) are processes the workers do not need.
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run([sys.executable, "-c", POOL_CHILDREN], cwd=root, capture_output=True, text=True, timeout=120)
    assert found.stdout.strip() == "2", found.stderr


def test_a_pages_budget_starts_once_its_worker_has_started() -> None:
    tight = ExtractionPool(ExtractConfig(), PoolConfig(workers=1, timeout=0.5), by_command)
    try:  # importing the extraction modules alone takes longer than 0.5 s
        assert tight.extract(b"sleep:0", "https://a.org/first").text.startswith("pid ")
    finally:
        tight.close()


def test_a_page_over_budget_is_dropped_and_the_pool_goes_on(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionFailed) as info:
        pool.extract(b"sleep:30", "https://a.org/slow")
    assert info.value.reason == "timeout"
    assert pool.extract(b"sleep:0", "https://a.org/fast").text.startswith("pid ")


def test_a_crashed_worker_is_replaced(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionFailed) as info:
        pool.extract(b"crash", "https://a.org/crash")
    assert info.value.reason == "crashed"
    pids = {pool.extract(b"sleep:0", "https://a.org/x").text for _ in range(4)}
    assert len(pids) <= 2  # still two workers, one of them new


def test_deep_recursion_and_memory_are_reasons_not_crashes(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionFailed, match="too_deep"):
        pool.extract(b"recurse", "https://a.org/deep")
    with pytest.raises(ExtractionFailed, match="too_large"):
        pool.extract(b"memory", "https://a.org/big")


def test_parallel_callers_share_the_workers(pool: ExtractionPool) -> None:
    with ThreadPoolExecutor(4) as threads:
        results = list(threads.map(lambda i: pool.extract(b"sleep:0.2", f"https://a.org/{i}"), range(6)))
    assert len(results) == 6


def test_hostile_pages_do_not_stall_or_raise() -> None:
    real = ExtractionPool(ExtractConfig(max_bytes=32 * 1024 * 1024), PoolConfig(workers=1, timeout=5.0))
    try:
        nested = b"<html><body>" + b"<div>" * 100_000 + b"deep text" + b"</div>" * 100_000 + b"</body></html>"
        table = b"<html><body><table>" + b"<tr><td>1</td><td>2</td></tr>" * 700_000 + b"</table></body></html>"
        for body in (nested, table):
            try:
                real.extract(body, "https://a.org/hostile")
            except ExtractionFailed as exc:
                assert exc.reason in {"empty", "too_deep", "too_large", "too_complex", "timeout"}
    finally:
        real.close()


def test_submit_queues_more_pages_than_workers_without_blocking(pool: ExtractionPool) -> None:
    futures = [pool.submit(b"sleep:0.2", f"https://a.org/q{i}") for i in range(6)]
    assert sum(f.done() for f in futures) <= 2  # returned at once: the pages wait in the pool's queue
    texts = [f.result(timeout=30).text for f in futures]
    assert len(texts) == 6 and len(set(texts)) <= 2  # done by the two workers


def test_pages_still_queued_at_close_fail_as_closed() -> None:
    small = ExtractionPool(ExtractConfig(), PoolConfig(workers=1, timeout=5.0), by_command)
    try:
        running = small.submit(b"sleep:1", "https://a.org/running")
        queued = [small.submit(b"sleep:0", f"https://a.org/queued{i}") for i in range(3)]
    finally:
        small.close()
    for future in queued:
        with pytest.raises(ExtractionFailed) as info:
            future.result(timeout=10)
        assert info.value.reason in {"closed", "crashed"}
    assert running.exception(timeout=10) is None or isinstance(running.exception(), ExtractionFailed)
    with pytest.raises(ExtractionFailed, match="closed"):
        small.extract(b"sleep:0", "https://a.org/after")
