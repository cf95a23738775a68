"""Stage 900: `Article -> Article`, durably written once: grouped commits, exactly once (an outbox).

Articles finishing close together (within STORE_GROUP_DELAY seconds, at most
STORE_GROUP_SIZE) are written as a group: in ONE transaction on the crawl state's
connection, each new article's record goes to the outbox with its fingerprints
(the dedup stage's hook), its row in `articles` and its URL's done mark; then the
group's lines are appended in one write and one fsync; the outbox records are
marked written in the next group's transaction. At start, records committed but
not marked written are looked for at the end of the file and appended if missing,
after a torn last line is cut. So a crash at any point neither loses an article
nor writes it twice. An output that cannot be written stops the crawl (one line);
the group's articles stay due for the next run.
"""

from __future__ import annotations

import asyncio
import errno
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.config import output_path
from crawler.drops import Rejected
from crawler.items import Article
from crawler.state import CrawlState
from crawler.store.base import StoredArticle
from crawler.store.connection import is_unwritable
from crawler.store.jsonl import JsonlAppender

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Bytes read back from the end of articles.jsonl per record to reconcile, at least.
_TAIL_PER_RECORD = 64 * 1024


class StorePipeline:
    """Commits kept articles in groups (outbox, fingerprints, done marks), then appends their lines."""

    def __init__(
        self, path: Path, state: CrawlState, fsync: bool = True, group_size: int = 32, group_delay: float = 0.005
    ) -> None:
        self.path = path
        self.state = state
        self.stats = state.stats
        self.fsync = fsync
        self.group_size = max(1, group_size)
        self.group_delay = group_delay
        self.out: JsonlAppender | None = None
        self._waiting: list[tuple[Article, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._unmarked: list[tuple[str, int]] = []  # lines written whose outbox records are not marked yet

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        return cls(
            output_path(s, "OUTPUT_ARTICLES"), CrawlState.of(crawler), s.getbool("OUTPUT_FSYNC"),
            s.getint("STORE_GROUP_SIZE", 32), s.getfloat("STORE_GROUP_DELAY", 0.005),
        )

    def open_spider(self) -> None:
        with self.state.guard():  # an unwritable output stops the crawl (one line)
            self.out = JsonlAppender(self.path, fsync=self.fsync)
            self.reconcile()

    def close_spider(self) -> None:
        self._flush()
        if self._unmarked and not self.state.failed:
            with self.state.guard():
                self.state.frontier.mark_written_many(self._unmarked)
                self._unmarked = []
        if self.out is not None:
            self.out.close()

    def reconcile(self) -> int:
        """Append the committed records whose line a crash kept out of the file; returns how many."""
        assert self.out is not None
        outbox = self.state.frontier
        pending = outbox.unwritten()
        if not pending:
            return 0
        present = {(r.get("id"), r.get("version", 1)) for r in self.out.tail(_TAIL_PER_RECORD * len(pending))}
        missing = [json.loads(text) for record_id, version, text in pending if (record_id, version) not in present]
        self.out.append_many(missing)
        with self.state.transaction(durable=True):
            for _, _, text in pending:
                self._remember(json.loads(text))
            outbox.mark_written_many([(record_id, version) for record_id, version, _ in pending])
        self.stats.set_value("articles/recovered", len(missing))
        return len(missing)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._waiting.append((item, done))
        if len(self._waiting) >= self.group_size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.group_delay, self._flush)
        await done
        return item

    def _flush(self) -> None:
        """Write the waiting group and wake its items (or fail them all: nothing of a failed group is kept)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        group, self._waiting = self._waiting, []
        if not group:
            return
        error: BaseException | None = None
        try:
            self.write_group([item for item, _ in group])
        except (sqlite3.Error, OSError) as exc:
            error = exc
            if is_unwritable(exc):
                self.state.unwritable(exc)
        for item, done in group:
            if done.done():
                continue
            if error is None:
                done.set_result(None)
            elif is_unwritable(error):
                done.set_exception(Rejected("store/unwritable", str(error), url=item.url))
            else:
                done.set_exception(error)

    def write_group(self, items: list[Article]) -> int:
        """One transaction for the group's records, fingerprints and done marks; then one write; returns how many new."""
        if self.state.failed or self.out is None:
            raise OSError(errno.EIO, f"the crawl stopped ({self.state.failed}): nothing more is written")
        records = [item.record() for item in items]
        new: list[dict[str, Any]] = []
        with self.state.transaction(durable=True):  # on disk before the lines are appended
            if self._unmarked:
                self.state.frontier.mark_written_many(self._unmarked)
            for item, record in zip(items, records, strict=True):
                text = json.dumps(record, ensure_ascii=False)
                stored = self.state.frontier.store_record("", None, item.id, item.version, text, indexed=True)
                for hook in self.state.on_store:
                    hook(item, stored)
                if stored:
                    self._remember(record)
                    self.state.recorder.settle(item.frontier_key, None)
                    new.append(record)
        self._unmarked = []
        self.out.append_many(new)
        self._unmarked = [(r["id"], r["version"]) for r in new]
        self.stats.inc_value("articles/stored", len(new))
        self.stats.inc_value("store/groups")
        return len(new)

    def _remember(self, record: dict[str, Any]) -> None:
        """The state's plain record of a stored article (URL and content), beside its fingerprints."""
        stored = StoredArticle(
            id=record["id"], canonical_url=record["canonical_url"], content_hash=record["content_hash"],
            url=record["url"], stored_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self.state.store.add_article(stored)
