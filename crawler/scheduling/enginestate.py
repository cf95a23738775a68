"""What the scheduler and the stages read of Scrapy's engine: busy hosts, whether an answer is to come, and
whether the stages hold all the responses they may. Each is False or empty outside a crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def busy_slots(crawler: Crawler) -> set[str]:
    """Downloader slots (hosts) that cannot start a request now: one already waits, or all their connections are used.

    What Scrapy's DownloaderAwarePriorityQueue looks at; a request handed out for such a host would wait in
    its slot while other hosts stand idle.
    """
    try:
        engine = crawler.engine
    except RuntimeError:  # no engine yet (a scheduler built outside a crawl): nothing is busy
        return set()
    if engine is None or engine.downloader is None:
        return set()
    return {
        key for key, slot in engine.downloader.slots.items()
        if slot.queue or len(slot.transferring) >= slot.concurrency
    }


def engine_idle(crawler: Crawler) -> bool:
    """Nothing is being downloaded nor handled by the spider: no answer is to come (True outside a crawl)."""
    try:
        engine = crawler.engine
    except RuntimeError:
        return True
    if engine is None or engine.downloader is None or engine.scraper.slot is None:
        return True
    return not engine.downloader.active and engine.scraper.slot.is_idle()


def stages_full(crawler: Crawler, limit: int) -> bool:
    """The engine's scraper holds `limit` responses or more (queued or in the spider and item stages), or more
    bytes of them than Scrapy admits (SCRAPER_SLOT_MAX_ACTIVE_SIZE); False outside a crawl. `limit` 0: no count.

    Scrapy bounds the responses being handled by their bytes only (5 MB): about 35 pages of 140 KB, but 800 of
    6 KB, each holding its request, response, item and the coroutines of its stages (about 60 KB of the crawl
    process's heap a page) while the stages after extraction, on one core, are the crawl's bound anyway.
    """
    try:
        engine = crawler.engine
    except RuntimeError:
        return False
    slot = engine.scraper.slot if engine is not None else None
    if slot is None:
        return False
    return slot.needs_backout() or (limit > 0 and len(slot.active) + len(slot.queue) >= limit)
