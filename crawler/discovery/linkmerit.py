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
  links: its listings still are. To learn that early, its links are *sent* a few
  at a time (slow start, as TCP's): `first_window` unanswered at once, one more
  for each that works (up to `max_window`). The window counts only links sent to
  the server and not yet answered (`send` when one is handed to the downloader,
  `outcome` when it is answered or refused), never links merely queued: a link
  queued early with a low priority keeps no better link of its host out. Those
  that find the window full wait where they are queued (`full_sites` tells the
  scheduler which hosts to pass over).

Links of the crawl's entry pages and of hub pages near them are followed freely
(within the host's health); links of articles and other pages only on merit: an
article shape of their site with a headline-like anchor, or (for a selective
profile) a relevant anchor. Of the feeds pages announce, a host's first
`feeds_per_host` are read, never a comments feed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol
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
    tries: int = 0
    failures: int = 0
    feeds: set[str] = field(default_factory=set)
    sent: set[str] = field(default_factory=set)  # followed links sent, not yet answered (by URL: a URL requested
    # again, e.g. listed later with a higher priority, is one fetch and one answer)
    window: int = 0


class UrlSet(Protocol):
    def add(self, url: str) -> bool:
        """Record the URL; True the first time."""
        ...


class _InMemory:
    """A set of URLs in memory (tools, tests); a crawl gives `crawler.store.seenurls.SeenUrls`, on disk."""

    def __init__(self) -> None:
        self._urls: set[str] = set()

    def add(self, url: str) -> bool:
        if url in self._urls:
            return False
        self._urls.add(url)
        return True


class LinkMerit:
    """What the crawl has learnt of each host's articles and links; decides which links are followed.

    `seen` remembers the article URLs met (each shape is counted once per URL): in a crawl a table on disk, since
    a set grows with every URL listed (13 to 19 MB per 100,000).
    """

    def __init__(self, config: MeritConfig | None = None, seen: UrlSet | None = None) -> None:
        self.config = config or MeritConfig()
        self.seen: UrlSet = seen if seen is not None else _InMemory()
        self._hosts: dict[str, _HostRecord] = {}
        self._sending: set[str] = set()  # the hosts with followed links sent and not yet answered: the only ones
        # whose window can be full (asked of at every request the scheduler hands out)

    def _host(self, url: str) -> _HostRecord:
        return self._hosts.setdefault(site_of(url), _HostRecord())

    def article_seen(self, url: str) -> None:
        """An article of the host (listed, or recognised by its page): its shape counts, once per URL."""
        record = self._host(url)
        if self.seen.add(url):
            record.article_shapes[url_shape(url)] += 1

    def is_article_shaped(self, url: str) -> bool:
        record = self._hosts.get(site_of(url))
        return record is not None and record.article_shapes[url_shape(url)] >= self.config.min_shape_articles

    def send(self, url: str) -> None:
        """A followed link of `url`'s host is handed to the downloader: it holds a place in the host's window until
        its `outcome` (a URL sent again while it holds one takes no second place)."""
        site = site_of(url)
        record = self._hosts.setdefault(site, _HostRecord())
        record.window = record.window or self.config.first_window
        record.sent.add(url)
        self._sending.add(site)

    def full_sites(self) -> set[str]:
        """The hosts (`site_of`) whose window is full: their followed links wait until one of the host's answers.
        A failing host is not among them: its links are refused when they come out (`explorable`)."""
        return {
            site for site in self._sending
            if len((record := self._hosts[site]).sent) >= max(record.window, 1) and self._explorable(record)
        }

    def holds(self, url: str) -> bool:
        """Whether `url` is a followed link sent and not yet answered: its answer frees its host's window,
        whichever request for it was fetched (a later listing of the URL may have replaced the link's)."""
        record = self._hosts.get(site_of(url))
        return record is not None and url in record.sent

    def outcome(self, url: str, ok: bool | None) -> None:
        """A followed link's fetch ended: a page (ok), an HTTP error or network failure, or None: refused on its way
        (it was not answered by its server). Its place in the window is free; an answer that worked widens it."""
        site = site_of(url)
        record = self._hosts.setdefault(site, _HostRecord())
        record.sent.discard(url)
        if not record.sent:
            self._sending.discard(site)
        if ok is not None:
            record.tries += 1
            record.failures += 0 if ok else 1
            if ok:
                record.window = min(self.config.max_window, max(record.window, self.config.first_window) + 1)

    def release_all(self) -> int:
        """Every window emptied, as if every link sent had been answered: for when nothing is in flight any more
        although places are held (an answer was lost). Returns how many places were freed."""
        freed = 0
        for record in self._hosts.values():
            freed += len(record.sent)
            record.sent.clear()
        self._sending.clear()
        return freed

    def explorable(self, url: str) -> bool:
        """False once the host's followed links mostly fail."""
        record = self._hosts.get(site_of(url))
        return record is None or self._explorable(record)

    def _explorable(self, record: _HostRecord) -> bool:
        if record.failures < self.config.min_failures:
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
            return True  # the anchor first: most links of a page are not headlines, and it costs no URL parse
        return count_words(anchor) >= self.config.min_anchor_words and self.is_article_shaped(url)
