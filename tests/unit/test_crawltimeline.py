"""The crawl timeline of `scripts/bench_crawl.py --timeline`: requests and CPU per bucket of seconds."""

from __future__ import annotations

import os

from scripts.crawltimeline import CpuSampler, Sample, is_structure, timeline


def test_structure_is_robots_sitemaps_home_and_sections() -> None:
    assert all(is_structure(p) for p in ("/", "/robots.txt", "/sitemap_index.xml", "/sitemap-news.xml", "/home/",
                                         "/section/3/"))
    assert not any(is_structure(p) for p in ("/2019/05/a-story", "/news/home-prices", "/sections.html"))


def test_buckets_count_requests_by_kind_and_cpu_as_cores() -> None:
    samples = [Sample(100.0, 0.0, 0.0), Sample(101.0, 0.5, 0.0), Sample(102.0, 1.0, 1.0), Sample(104.0, 1.5, 4.0)]
    requests = [(100.1, "a", "/robots.txt", 200), (100.5, "a", "/story", 200), (101.9, "a", "/other", 404),
                (102.5, "b", "/sitemap-news.xml", 200), (99.0, "b", "/before", 200)]
    rows = timeline(requests, samples, bucket=2.0)
    assert [r[:3] for r in rows] == [(0.0, 1, 2), (2.0, 1, 0)]
    assert rows[0][3:] == (0.5, 0.5) and rows[1][3:] == (0.25, 1.5)  # main and workers, in cores
    assert timeline(requests, []) == []


def test_the_sampler_reads_a_live_process() -> None:
    sampler = CpuSampler(os.getpid(), interval=0.01)
    sum(i * i for i in range(200_000))
    samples = sampler.stop()
    assert samples and samples[-1].main >= samples[0].main > 0
