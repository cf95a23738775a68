"""Which links are worth a request: a URL's shape on its site, its anchor, and how the site's links fare.

Pure: URLs, anchors and outcomes in, yes/no out. Three rules:

- A URL's *shape* is its path read as kinds of segment: a number of n digits
  `Dn`, a slug (words joined by `-` or `_`) `S`, another token with digits
  `X`, a plain word `w`, plus the extension and the sorted query keys
  (`/2019/04/huawei-p30.html` -> `/D4/D2/S.html`). A shape becomes one of a
  site's *article shapes* once `min_shape_articles` of the site's articles
  (listed by a feed or sitemap, or recognised as articles) have it.
- A *hub* URL (a home or section page) has a short path of plain words and
  small numbers: `/`, `/world/`, `/section/2`.
- A host whose followed links mostly fail (at least `min_failures` failures and
  more than `max_failure_share` of its followed links) is no longer explored by
  links: its listings still are. Its links are let out a few at a time to learn
  that early: `first_window` at once, one more for each that works (up to
  `max_window`); the others wait in `waiting` (slow start, as TCP's), the most
  promising first (by the rank they came with: their priority).

Links of the crawl's entry pages and of hub pages near them are followed freely
(within the host's health); links of articles and other pages only on merit: an
article shape of their site with a headline-like anchor, or (for a selective
profile) a relevant anchor. Of the feeds pages announce, a host's first
`feeds_per_host` are read, never a comments feed.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from crawler.text.words import count_words

_DIGITS = re.compile(r"\d+")
_COMMENTS = re.compile(r"comment|kommentar|commentaire", re.I)
_SLUG = re.compile(r"[^\W_]+(?:[-_][^\W_]+){2,}")


@dataclass(frozen=True)
class MeritConfig:
    """When a link deserves a request; built once from the LINKS_* settings."""

    min_shape_articles: int = 3
    min_anchor_words: int = 3
    min_failures: int = 3
    max_failure_share: float = 0.5
    hub_depth: int = 1
    feeds_per_host: int = 3
    first_window: int = 1
    max_window: int = 16


def _segment_shape(segment: str) -> str:
    stem, dot, extension = segment.rpartition(".") if "." in segment[1:] else (segment, "", "")
    extension = f".{extension.lower()}" if dot and extension.isalnum() and len(extension) <= 5 else ""
    if not dot or not extension:
        stem = segment
    if _DIGITS.fullmatch(stem):
        kind = f"D{len(stem)}"
    elif _SLUG.fullmatch(stem):
        kind = "S"
    elif _DIGITS.search(stem):
        kind = "X"
    else:
        kind = "w"
    return kind + extension


def url_shape(url: str) -> str:
    """`/2019/04/huawei-p30.html?id=3` -> `/D4/D2/S.html?id`; "" for a URL that does not parse."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    segments = [s for s in parts.path.split("/") if s]
    shape = "/" + "/".join(_segment_shape(s) for s in segments)
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return shape + (f"?{'&'.join(keys)}" if keys else "")


def site_of(url: str) -> str:
    """The host and port a URL is on: where its links' outcomes are counted."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def is_hub_shaped(url: str) -> bool:
    """A home or section URL: at most two path segments of plain words or short numbers, no query."""
    shape = url_shape(url)
    if "?" in shape:
        return False
    segments = [s for s in shape.split("/") if s]
    return len(segments) <= 2 and all(s in ("w", "D1", "D2", "D3") for s in segments)


@dataclass
class _HostRecord:
    article_shapes: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    tries: int = 0
    failures: int = 0
    feeds: set[str] = field(default_factory=set)
    in_flight: set[str] = field(default_factory=set)  # followed links let out, not yet answered (by URL: a URL
    # requested again, e.g. listed later with a higher priority, is one fetch and one answer)
    window: int = 0
    waiting: list[tuple[float, int, str, Any]] = field(default_factory=list)  # a heap: best rank, then oldest


class LinkMerit:
    """What the crawl has learnt of each host's articles and links; decides which links are followed."""

    def __init__(self, config: MeritConfig | None = None) -> None:
        self.config = config or MeritConfig()
        self._hosts: dict[str, _HostRecord] = {}
        self._arrivals = 0

    def _host(self, url: str) -> _HostRecord:
        return self._hosts.setdefault(site_of(url), _HostRecord())

    def article_seen(self, url: str) -> None:
        """An article of the host (listed, or recognised by its page): its shape counts, once per URL."""
        record = self._host(url)
        if url not in record.articles:
            record.articles.add(url)
            record.article_shapes[url_shape(url)] += 1

    def is_article_shaped(self, url: str) -> bool:
        record = self._hosts.get(site_of(url))
        return record is not None and record.article_shapes[url_shape(url)] >= self.config.min_shape_articles

    def admit(self, url: str, item: Any, rank: float = 0.0) -> bool:
        """True when a followed link of `url`'s host may be requested now; else `item` waits for `outcome`,
        behind the waiting items of a higher `rank` (its priority) and those of the same rank that came first
        (or is not needed: its URL is let out already)."""
        record = self._host(url)
        record.window = record.window or self.config.first_window
        if url in record.in_flight:  # already let out: this request for it adds nothing
            return False
        if len(record.in_flight) < record.window and not record.waiting:
            record.in_flight.add(url)
            return True
        self._arrivals += 1
        heapq.heappush(record.waiting, (-rank, self._arrivals, url, item))
        return False

    def holds(self, url: str) -> bool:
        """Whether `url` is a followed link let out and not yet answered: its answer frees its host's window,
        whichever request for it was fetched (a later listing of the URL may have replaced the link's)."""
        record = self._hosts.get(site_of(url))
        return record is not None and url in record.in_flight

    def outcome(self, url: str, ok: bool | None) -> list[Any]:
        """A followed link's fetch ended: a page (ok), an HTTP error or network failure, or None: it was not sent.

        Returns the waiting items now let out; all of them are dropped once the host is found failing.
        """
        record = self._host(url)
        record.in_flight.discard(url)
        if ok is not None:
            record.tries += 1
            record.failures += 0 if ok else 1
            if ok:
                record.window = min(self.config.max_window, max(record.window, self.config.first_window) + 1)
        if not self.explorable(url):
            record.waiting.clear()
            return []
        return self._release(record)

    def _release(self, record: _HostRecord) -> list[Any]:
        released = []
        while record.waiting and len(record.in_flight) < max(record.window, 1):
            _rank, _arrival, url, item = heapq.heappop(record.waiting)
            record.in_flight.add(url)
            released.append(item)
        return released

    def unstick(self) -> list[Any]:
        """When nothing else is left to do: every host's waiting links as if none were in flight (a lost answer)."""
        released = []
        for record in self._hosts.values():
            record.in_flight.clear()
            released += self._release(record)
        return released

    def explorable(self, url: str) -> bool:
        """False once the host's followed links mostly fail."""
        record = self._hosts.get(site_of(url))
        if record is None or record.failures < self.config.min_failures:
            return True
        return record.failures <= self.config.max_failure_share * record.tries

    def feed_wanted(self, url: str) -> bool:
        """A feed a page announces: not a comments feed, and only the host's first `feeds_per_host` feeds."""
        if _COMMENTS.search(url):
            return False
        record = self._host(url)
        if url not in record.feeds and len(record.feeds) >= self.config.feeds_per_host:
            return False
        record.feeds.add(url)
        return True

    def explores_freely(self, page_url: str, depth: int, is_article: bool) -> bool:
        """Whether every link of this page is worth following: an entry page, or a hub near one."""
        return depth == 0 or (not is_article and depth <= self.config.hub_depth and is_hub_shaped(page_url))

    def worth_following(self, url: str, anchor: str, relevant: bool) -> bool:
        """A link of a page not explored freely: its site's article shape with a headline anchor, or relevant."""
        if relevant:
            return True
        return self.is_article_shaped(url) and count_words(anchor) >= self.config.min_anchor_words
