"""When to fetch a URL again: structure pages often, articles rarely, adapting to change.

A feed, sitemap or hub that changed since the last fetch is due again after half
its interval; one that did not (a 304, or the same bytes) after twice it; always
within [min_interval, max_interval]. An article is refetched after
`article_interval`, or earlier when a feed or sitemap says it changed.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def is_due(now: float, next_visit: float, listed_at: float | None, fetched_at: float) -> bool:
    """Due when its time has come, or when a feed or sitemap lists it as updated since the last fetch."""
    return now >= next_visit or (listed_at is not None and listed_at > fetched_at)
