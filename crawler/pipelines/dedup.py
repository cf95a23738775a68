"""Stage 400: `Article -> Article (+id, content_hash, version[, duplicate_of]) | DropItem("duplicate/<url|exact|near>")`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.settings import BaseSettings

from crawler.dedup.deduplicator import DedupConfig, Deduplicator, Verdict
from crawler.dedup.minhash import MinHashConfig
from crawler.dedup.origin import PageFacts, declared_origin
from crawler.items import Article
from crawler.middlewares.frontier import FrontierRecorder
from crawler.pipelines.config import store_config
from crawler.pipelines.drops import Rejected
from crawler.store.base import StateStore
from crawler.store.open import StoreConfig, open_store
from crawler.store.origins import OriginStore, SQLiteOriginStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

PERMANENT_REDIRECTS = frozenset({301, 308})


def dedup_config(settings: BaseSettings) -> DedupConfig:
    """The dedup room's config from the DEDUP_* settings."""
    return DedupConfig(
        near_enabled=settings.getbool("DEDUP_NEAR_ENABLED", True),
        threshold=settings.getfloat("DEDUP_NEAR_THRESHOLD", 0.8),
        keep_copies=settings.getbool("DEDUP_KEEP_COPIES", False),
        minhash=MinHashConfig(
            shingle_words=settings.getint("DEDUP_SHINGLE_WORDS", 1),
            bands=settings.getint("DEDUP_BANDS", 12),
            rows=settings.getint("DEDUP_ROWS", 5),
        ),
    )


def rejection(verdict: Verdict, url: str) -> Rejected:
    """The drop of a duplicate, with the kept article's id and the estimated similarity for rejected.jsonl."""
    reason = verdict.reason or "duplicate/other"
    extra: dict[str, Any] = {"url": url, "duplicate_of": verdict.duplicate_of}
    if verdict.kind == "near":
        extra["similarity"] = verdict.similarity
        detail = f"similarity {verdict.similarity} to {verdict.duplicate_of}"
    else:
        detail = f"{verdict.kind} of {verdict.duplicate_of}"
    return Rejected(reason, detail, **extra)


def permanent_aliases(response: Any) -> list[str]:
    """The URLs that redirect to the response's page for good: the tail of the chain made only of 301 and 308."""
    try:
        meta = response.meta
    except AttributeError:  # no response, a Failure, or a response not tied to a request
        return []
    chain, reasons = meta.get("redirect_urls") or [], meta.get("redirect_reasons") or []
    aliases: list[str] = []
    for url, why in reversed(list(zip(chain, reasons, strict=False))):
        if why not in PERMANENT_REDIRECTS:
            break
        aliases.append(url)
    return aliases


class DedupPipeline:
    """Drops an article already stored (same URL key, same text), or a copy of one; numbers the versions of a page.

    A kept article's fingerprints reach the state on `item_scraped`, after the
    store stage has written its line; then its outbox record is marked indexed.
    At start, outbox records a crash left unindexed are indexed first.
    """

    def __init__(
        self, store_config: StoreConfig, config: DedupConfig, stats: StatsCollector | None = None,
        outbox: FrontierRecorder | None = None,
    ) -> None:
        self.store_config = store_config
        self.config = config
        self.stats = stats
        self.outbox = outbox
        self.store: StateStore | None = None
        self.origins: OriginStore | None = None
        self.dedup: Deduplicator | None = None
        self._claims: dict[int, tuple[str, int]] = {}  # id() of an item in the later stages -> its claim

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        pipeline = cls(
            store_config(crawler.settings), dedup_config(crawler.settings), crawler.stats,
            FrontierRecorder.for_crawl(crawler),
        )
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_not_stored, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_not_stored, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        self.store = open_store(self.store_config)
        if self.store_config.backend == "sqlite":
            self.origins = SQLiteOriginStore(self.store_config.sqlite_path)
        self.dedup = Deduplicator(self.store, self.config, origins=self.origins)
        self.replay()

    def replay(self) -> int:
        """Index the outbox records whose fingerprints a crash kept out of the state; returns how many."""
        if self.outbox is None or self.dedup is None:
            return 0
        outbox = self.outbox.open()
        indexed = 0
        for record_id, version, text in outbox.unindexed():
            record = json.loads(text)
            facts = PageFacts(record.get("content_hash"), record.get("published"),
                              declared_origin(record["url"], record["canonical_url"]))
            verdict = self.dedup.check(record["url"], record["canonical_url"], record["text"], facts)
            if verdict.keep:
                self.dedup.claim(verdict)
                self.dedup.commit([verdict.token])
                indexed += 1
            outbox.mark_indexed(record_id, version)
        if self.stats is not None and indexed:
            self.stats.set_value("dedup/replayed", indexed)
        return indexed

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()
        if self.origins is not None:
            self.origins.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.dedup is not None
        facts = PageFacts(item.content_hash or None, item.published, declared_origin(item.url, item.canonical_url))
        if facts.origin is not None:  # a copy of another site's story is known by its own URL, never the story's
            item.canonical_url = item.url
        verdict = self.dedup.check(item.url, item.canonical_url, item.text, facts)
        item.id, item.version, item.content_hash = verdict.id, verdict.version, verdict.content_hash
        if not verdict.keep:
            raise rejection(verdict, item.url)
        item.duplicate_of = verdict.duplicate_of
        item.supersedes = list(verdict.supersedes)
        if self.stats is not None and verdict.supersedes:  # the original, arrived after its copies were written
            self.stats.inc_value("dedup/superseding", len(verdict.supersedes))
        if self.stats is not None and verdict.kind != "new":  # a new version, or a copy kept flagged
            self.stats.inc_value("dedup/versions" if verdict.kind == "version" else f"dedup/flagged/{verdict.kind}")
        self.dedup.claim(verdict)
        self._claims[id(item)] = verdict.token
        return item

    def item_scraped(self, item: Any, response: Response | None = None) -> None:
        """The store stage wrote the line: record the fingerprints, and permanent redirects as URL aliases."""
        token = self._claims.pop(id(item), None)
        if token is None or self.dedup is None:
            return
        self.dedup.add_aliases(token, permanent_aliases(response))
        self.dedup.commit([token])
        if self.outbox is not None and isinstance(item, Article):
            self.outbox.open().mark_indexed(item.id, item.version)

    def item_not_stored(self, item: Any) -> None:
        """A later stage dropped or failed the item: its claim goes."""
        token = self._claims.pop(id(item), None)
        if token is not None and self.dedup is not None:
            self.dedup.release(token)
