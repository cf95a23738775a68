"""The `warc-replay` spider: archived responses back through today's item pipelines, nothing fetched.

    scrapy reextract WARC [WARC...] -o NEW_OUTPUT_DIR    # the usual way (see crawler/commands/reextract.py)

`start()` yields a `Page` for each response record that the crawl would have
taken for an article candidate: a 200 HTML page that a feed, sitemap or query
listed, or that looks like an article. The pages keep their WARC place, their
fetch time and what the feed said of them; the pipelines (extraction,
validation, relevance, dedup, store) then run as in a crawl.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals

from crawler.discovery.pagekind import looks_like_article
from crawler.discovery.sniff import sniff_kind
from crawler.discovery.urls import canonicalize_url
from crawler.extraction.decoding import decode_html
from crawler.items import LISTED_SOURCES, Page
from crawler.store.warc import ArchivedResponse, read_responses

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def candidate_page(archived: ArchivedResponse, max_bytes: int) -> Page | None:
    """The Page of an archived response the crawl would have extracted; None for anything else."""
    if archived.status != 200 or len(archived.body) > max_bytes:
        return None
    content_type = archived.headers.get("content-type", "")
    if sniff_kind(archived.body, content_type, archived.url) != "html":
        return None
    if archived.source not in LISTED_SOURCES and not looks_like_article(decode_html(archived.body, content_type).text):
        return None
    # The body is stored content-encoded; the Page holds it decoded, as the crawl's did.
    headers = {k: v for k, v in archived.headers.items() if k != "content-encoding"}
    return Page(
        url=canonicalize_url(archived.url),
        body=archived.body,
        headers=headers,
        fetched_at=archived.fetched_at,
        status=archived.status,
        request_url=archived.url,
        source=archived.source or "warc",
        hints={k: v for k, v in archived.hints.items() if k in ("title", "published") and v},
        warc_file=archived.ref.file,
        warc_record_id=archived.ref.record_id,
        tdm_robots=archived.tdm_robots,
    )


class ReplaySpider(Spider):
    """Yields the article candidates of WARC files as Page items (`-a warcs=PATH[,PATH...]`)."""

    name = "warc-replay"

    def __init__(self, warcs: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warcs = [Path(p) for p in warcs.split(",") if p.strip()]
        if not self.warcs:
            raise ValueError("warc-replay needs -a warcs=PATH[,PATH...]")
        self.in_flight = 0
        self.window = 1
        self._settled = asyncio.Event()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReplaySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.window = max(1, crawler.settings.getint("REPLAY_IN_FLIGHT", 1))
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider.item_settled, signal=signal)
        return spider

    def item_settled(self) -> None:
        """Signal handler: a page left the pipelines (stored, dropped or failed)."""
        self.in_flight -= 1
        self._settled.set()

    async def _room(self) -> None:
        """Wait until fewer than `window` pages are in the pipelines: pages reach dedup in WARC order."""
        while self.in_flight >= self.window:
            self._settled.clear()
            await self._settled.wait()

    async def start(self) -> AsyncIterator[Any]:
        max_bytes = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        stats = self.crawler.stats
        assert stats is not None
        for path in self.warcs:
            for archived in read_responses(path, max_bytes):
                stats.inc_value("replay/responses")
                page = candidate_page(archived, max_bytes)
                if page is not None:
                    await self._room()
                    stats.inc_value("pages/article_candidates")
                    self.in_flight += 1
                    yield page
