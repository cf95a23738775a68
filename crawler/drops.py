"""The drop vocabulary: an item dropped with a stable reason, and the stat that counts it.

Not an adapter: pipelines raise `Rejected`, the reject log and the crawl state read it.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem


class Rejected(DropItem):
    """DropItem with a machine-readable reason ("<stage>/<why>") and extra fields for rejected.jsonl."""

    def __init__(self, reason: str, detail: str = "", **extra: Any) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="DEBUG")
        self.reason = reason
        self.detail = detail
        self.extra = extra


def stat_key(reason: str) -> str:
    """The stats key of a drop reason: "duplicate/url" -> "duplicate/dropped/url"."""
    head, _, tail = reason.partition("/")
    return f"{head}/dropped/{tail}" if tail else f"{head}/dropped"
