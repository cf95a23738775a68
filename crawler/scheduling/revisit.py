"""When to fetch a URL again: structure pages often, articles rarely, adapting to change.

A feed, sitemap or hub that changed since the last fetch is due again after half
its interval; one that did not (a 304, or the same bytes) after twice it; always
within [min_interval, max_interval]. An article is refetched after
`article_interval`, or earlier when a feed or sitemap says it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

_DAY = 86400.0

ARTICLE = "article"
STRUCTURE = "structure"


@dataclass(frozen=True)
class RevisitConfig:
    """Revisit intervals in seconds; from the FRONTIER_* settings."""

    structure_interval: float = 3600.0
    min_interval: float = 900.0
    max_interval: float = 7 * 86400.0
    article_interval: float = 30 * 86400.0


def next_interval(kind: str, changed: bool, previous: float, config: RevisitConfig) -> float:
    """The interval until the next visit, from the kind of page and whether it changed."""
    if kind == ARTICLE:
        return config.article_interval
    if previous <= 0:
        return config.structure_interval
    proposed = previous / 2 if changed else previous * 2
    return min(max(proposed, config.min_interval), config.max_interval)


def changed_by(listed: str | None) -> float | None:
    """The latest instant (epoch seconds) a listed date can mean: the end of the span it names.

    A listing says when a page changed only as finely as its date is written: `06:18:19` is any instant of
    that second, and a bare day (kept as midnight) any instant of that day. A page fetched within that span
    may have changed after the fetch; reading the date as its span's start would skip that change for good.
    None when there is no date or it is not one.
    """
    if not listed:
        return None
    try:
        when = datetime.fromisoformat(listed.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.microsecond:
        return when.timestamp()
    if (when.hour, when.minute, when.second) == (0, 0, 0):
        return when.timestamp() + _DAY
    return when.timestamp() + 1.0


def is_due(now: float, next_visit: float, changed: float | None, fetched_at: float) -> bool:
    """Due when its time has come, or when a feed or sitemap says it may have changed since the last fetch.

    `changed` is the latest instant the listing's date can mean (`changed_by`).
    """
    return now >= next_visit or (changed is not None and changed > fetched_at)
