"""The crawl process gives its freed heap back to the system on a timer (HEAP_TRIM_INTERVAL)."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.extensions.heap import HeapTrim
from crawler.heap import heap_trimmer


def crawler_with(**overrides: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(overrides)
    return get_crawler(settings_dict=values)


def test_each_run_trims_the_heap_and_is_counted() -> None:
    crawler = crawler_with()
    crawler.stats.open_spider()
    ext = HeapTrim.from_crawler(crawler)
    calls: list[int] = []
    ext.trim = lambda pad: calls.append(pad) or 1
    ext.run()
    ext.run()
    assert calls == [0, 0] and crawler.stats.get_value("heap/trims") == 2


def test_off_at_zero_and_on_by_default() -> None:
    with pytest.raises(NotConfigured):
        HeapTrim.from_crawler(crawler_with(HEAP_TRIM_INTERVAL=0))
    assert project_settings.HEAP_TRIM_INTERVAL > 0
    assert "crawler.extensions.heap.HeapTrim" in project_settings.EXTENSIONS


def test_glibcs_trim_gives_freed_heap_back() -> None:
    trim = heap_trimmer()
    if trim is None:
        pytest.skip("no malloc_trim in this C library")

    def rss_kib() -> int:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

    trim(0)
    blocks = [bytes([n % 256]) * 2000 for n in range(30_000)]  # 60 MB of malloc's heap (over pymalloc's 512 B)
    keep = blocks[::100]  # a few survivors scattered through it, as after a burst: free() alone returns nothing
    del blocks
    held = rss_kib()
    trim(0)
    assert rss_kib() < held - 30_000, "at least 30 MB of the freed blocks go back"
    assert len(keep) == 300
