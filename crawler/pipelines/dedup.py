"""Stage 400: `Article -> Article (+id, content_hash, version[, duplicate_of]) | DropItem("duplicate/<url|exact|near>")`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.config import dedup_config
from crawler.dedup.deduplicator import DedupConfig, Deduplicator, Verdict
from crawler.dedup.origin import PageFacts, declared_origin
from crawler.drops import Rejected
from crawler.items import Article
from crawler.state import CrawlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

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


class DedupPipeline:
    """Drops an article already stored (same URL key, same text), or a copy of one; numbers the versions of a page.

    A kept article's fingerprints (and the URLs that redirect to it for good) reach
    the state in the store stage's transaction, with its record and done mark
    (`CrawlState.on_store`). At start, outbox records an older state left
    unindexed are indexed first.
    """

    def __init__(self, state: CrawlState, config: DedupConfig, stats: StatsCollector | None = None) -> None:
        self.state = state
        self.config = config
        self.stats = stats
        self.dedup: Deduplicator | None = None
        self._claims: dict[int, tuple[str, int]] = {}  # id() of an item in the later stages -> its claim

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        pipeline = cls(CrawlState.of(crawler), dedup_config(crawler.settings), crawler.stats)
        crawler.signals.connect(pipeline.item_not_stored, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_not_stored, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        with self.state.guard():  # an unwritable state stops the crawl; nothing then reaches this stage
            self.dedup = Deduplicator(self.state.store, self.config, origins=self.state.origins)
            self.state.on_store.append(self.index)
            self.replay()

    def replay(self) -> int:
        """Index the outbox records whose fingerprints an older state kept out; returns how many."""
        if self.dedup is None:
            return 0
        outbox = self.state.frontier
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
        if self.index in self.state.on_store:
            self.state.on_store.remove(self.index)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        if self.dedup is None:
            raise Rejected("store/unwritable", "the crawl state could not be opened", url=item.url)
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

    def index(self, item: Any, stored: bool) -> None:
        """In the store stage's transaction: a stored article's fingerprints and permanent redirects are recorded."""
        token = self._claims.pop(id(item), None)
        if token is None or self.dedup is None:
            return
        if not stored:
            self.dedup.release(token)
            return
        self.dedup.add_aliases(token, self.state.redirects.pop(getattr(item, "frontier_key", ""), []))
        self.dedup.commit([token])

    def item_not_stored(self, item: Any) -> None:
        """A later stage dropped or failed the item: its claim goes."""
        token = self._claims.pop(id(item), None)
        if token is not None and self.dedup is not None:
            self.dedup.release(token)
