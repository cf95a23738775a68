"""The durable frontier's contract: every URL the crawl knows, with its status.

A URL goes `pending` -> `in_flight` (handed to the downloader) -> `done`,
`failed`, or `deferred` (ended for a reason of this run: due again at the next
start). "Seen" is not "done": a URL that was in flight when the process died, or
deferred, goes back to `pending` on the next start. Attempts count the runs in
which the URL failed (not the retries within one, and not a run stopped or killed
while it was in flight: that is no failure of the URL); a done URL has none.
Requests are kept as JSON, never pickled. A Redis backend can implement the same Protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

PENDING = "pending"
IN_FLIGHT = "in_flight"
DONE = "done"
FAILED = "failed"
DEFERRED = "deferred"


@dataclass(frozen=True)
class FrontierEntry:
    """A request to make: its key (fingerprint), URL, priority and the request as JSON, and the gate it waits on
    ("" for none): a name the scheduler gives, e.g. a followed link's host, whose window may be full."""

    key: str
    url: str
    priority: int
    request_json: str
    gate: str = ""


@dataclass(frozen=True)
class Visit:
    """What is known of a URL's last fetch, for revisits and conditional GET."""

    status: str
    kind: str  # "article", "structure" (feeds, sitemaps, hubs), or "" before its first fetch
    fetched_at: float  # epoch seconds; 0 before the first fetch
    next_visit: float  # epoch seconds from which a revisit is due
    interval: float  # the last revisit interval (seconds)
    etag: str | None
    last_modified: str | None
    attempts: int
    body_hash: str | None = None  # a hash of the last body fetched: tells a change without validators


@dataclass(frozen=True)
class Outcome:
    """How a fetch ended, recorded with `finish()`."""

    status: str  # DONE, FAILED or DEFERRED
    kind: str
    next_visit: float
    interval: float
    etag: str | None = None
    last_modified: str | None = None
    permanent: bool = False  # a failure not worth retrying (a 404, a URL robots.txt forbids)
    interrupted: bool = False  # deferred because the crawl stopped under it: no attempt is charged
    body_hash: str | None = None


class FrontierStore(Protocol):
    """The crawl's durable frontier (SQLite by default)."""

    def recover(self, max_attempts: int = 0) -> int:
        """Start of a run: in-flight and deferred entries go back to pending; returns how many.

        A deferred one that failed in `max_attempts` runs (0: no limit) fails instead; an interruption (the
        entry was in flight when the process stopped) charges no attempt.
        """

    def visit(self, key: str) -> Visit | None:
        """What is known of this key, or None if never seen."""

    def push(self, entry: FrontierEntry) -> None:
        """Queue (or re-queue) a request as pending."""

    def pop(self) -> FrontierEntry | None:
        """The highest-priority pending request (oldest first among equals), now in flight. (The SQLite store
        also takes hosts to pass over and closed gates: their entries stay pending, in their place.)"""

    def finish(self, key: str, outcome: Outcome) -> None:
        """Record how a fetch ended: failed or deferred counts an attempt (unless `interrupted`), done clears them."""

    def pending_on(self, origin: str) -> bool:
        """Whether a URL of this origin (`scheme://host[:port]`) is pending."""

    def count(self, status: str) -> int:
        """How many entries have this status."""

    def retry_failed(self) -> int:
        """Failed entries become pending with no attempt counted; done ones stay done. Returns how many."""

    def fail_in_flight(self) -> int:
        """End of a finished run: what is still in flight failed (one more attempt); returns how many."""

    def close(self) -> None:
        """Release the backend; the frontier stays for the next run."""
