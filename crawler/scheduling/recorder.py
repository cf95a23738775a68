"""How a URL's fetch ended, recorded in the durable frontier; and the one rule that says an article is done.

`settles()` decides, from an item's outcome alone, whether its URL is done: stored,
or dropped for a reason that would be the same next time. A reason of this run
leaves the URL due at the next start (`deferred`), with one more attempt counted.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from crawler.scheduling.revisit import ARTICLE, STRUCTURE, RevisitConfig, next_interval
from crawler.store.frontier import DEFERRED, DONE, FAILED, Outcome

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from crawler.store.frontier_sqlite import SQLiteFrontier

# Drop reasons of this run: a worker lost, the pool shut, the output not writable, the item failed.
THIS_RUN = frozenset({"extract/crashed", "extract/closed", "store/unwritable", "error"})
# Reasons of this run that say the crawl stopped under the page, not that the page failed: no attempt is charged.
INTERRUPTIONS = frozenset({"extract/closed", "store/unwritable"})
# Reasons of this run only while the crawl stops (otherwise the page would do the same again).
WHILE_STOPPING = frozenset({"extract/timeout"})
# A candidate page that extraction found to be a listing is a hub: revisited as one, not as an article.
HUB_REASONS = frozenset({"not_article/listing"})


def settles(reason: str | None, stopping: bool = False) -> bool:
    """Whether an item's end makes its URL done: stored (no reason) or dropped for a lasting reason
    (offtopic, duplicate/*, invalid/*, extract/empty, ...); not for a reason of this run."""
    if reason is None:
        return True
    if reason in THIS_RUN:
        return False
    return not (stopping and reason in WHILE_STOPPING)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class FrontierRecorder:
    """Finishes frontier entries with the revisit policy; one per crawl, built by the crawl state's owner."""

    def __init__(self, store: SQLiteFrontier, config: RevisitConfig, stats: StatsCollector) -> None:
        self.store = store
        self.config = config
        self.stats = stats

    def finish(
        self, key: str, kind: str, changed: bool, response: Response | None = None, failed: bool = False,
        permanent: bool = False,
    ) -> None:
        """Record a fetch's end; a 200 whose body hashes as last time counts as unchanged."""
        visit = self.store.visit(key)
        digest = None
        if response is not None and response.status == 200:
            digest = hashlib.blake2b(response.body, digest_size=16).hexdigest()
            changed = changed and not (visit is not None and visit.body_hash == digest)
        interval = next_interval(kind, changed, visit.interval if visit else 0.0, self.config)
        self.store.finish(
            key,
            Outcome(
                status=FAILED if failed else DONE,
                kind=kind,
                next_visit=time.time() + interval,
                interval=interval,
                etag=_header(response, "ETag") if response is not None else None,
                last_modified=_header(response, "Last-Modified") if response is not None else None,
                permanent=permanent,
                body_hash=digest,
            ),
        )
        self.stats.inc_value(f"frontier/{'failed' if failed else 'done'}/{kind}")
        if not changed and not failed:
            self.stats.inc_value("frontier/unchanged")

    def article_outcome(self, kind: str = ARTICLE) -> Outcome:
        """How an article page's fetch ends: done, due again after the article interval (a hub's, for a hub)."""
        interval = next_interval(kind, True, 0.0, self.config)
        self.stats.inc_value(f"frontier/done/{kind}")
        return Outcome(DONE, kind, time.time() + interval, interval)

    def defer(self, key: str, kind: str = ARTICLE, interrupted: bool = False) -> None:
        """The URL ended for a reason of this run: due again at the next start; one more attempt unless the crawl
        stopped under it (`interrupted`)."""
        if key:
            self.store.finish(key, Outcome(DEFERRED, kind, 0.0, 0.0, interrupted=interrupted))
            self.stats.inc_value("frontier/deferred")

    def settle(self, key: str, reason: str | None, stopping: bool = False) -> bool:
        """An article page whose item reached its end: done or deferred by `settles()`; True if done."""
        done = settles(reason, stopping)
        if key:
            if done:
                self.store.finish(key, self.article_outcome(STRUCTURE if reason in HUB_REASONS else ARTICLE))
            else:
                self.defer(key, interrupted=stopping or reason in INTERRUPTIONS)
        return done
