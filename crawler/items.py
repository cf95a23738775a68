"""The two item types: `Page` (raw, as fetched) and `Article` (extracted).

A reader of a pipeline stage tells which stage it is in by the type it takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """A fetched page that discovery believes is an article, before extraction."""

    url: str  # the URL fetched (after redirects)
    body: bytes  # raw bytes as received (after HTTP content decoding)
    headers: dict[str, str]  # response headers, lower-cased names, first value
    fetched_at: str  # ISO 8601 UTC
    status: int = 200
    request_url: str = ""  # the URL first requested, before redirects
    source: str = ""  # how it was found: "seed", "feed", "sitemap", "link"
    hints: dict[str, Any] = field(default_factory=dict)  # title/date given by a feed or news sitemap
    frontier_key: str = ""  # the durable frontier's key of the request, marked done when the article ends


@dataclass
class Article:
    """An extracted article; the fields of `output/articles.jsonl` plus working state."""

    url: str
    canonical_url: str
    title: str | None
    text: str
    language: str | None
    published: str | None
    authors: list[str]
    sitename: str | None
    fetched_at: str
    id: str = ""
    topic_score: float = 0.0
    topic_matches: list[str] = field(default_factory=list)
    content_hash: str = ""
    source: str = ""
    word_count: int = 0
    boilerplate_removed: int = 0
    quality_flags: list[str] = field(default_factory=list)  # e.g. "truncated", "paywalled"
    version: int = 1  # incremented when the text at the same canonical URL changed
    duplicate_of: str | None = None  # id of the kept article this one copies (when copies are kept)
    supersedes: list[str] = field(default_factory=list)  # ids of copies written before this original arrived
    frontier_key: str = ""  # see Page.frontier_key

    def record(self) -> dict[str, Any]:
        """The stable output schema, in a fixed key order."""
        return {
            "id": self.id,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "published": self.published,
            "authors": self.authors,
            "sitename": self.sitename,
            "fetched_at": self.fetched_at,
            "topic_score": self.topic_score,
            "topic_matches": self.topic_matches,
            "content_hash": self.content_hash,
            "word_count": self.word_count,
            "boilerplate_removed": self.boilerplate_removed,
            "quality_flags": self.quality_flags,
            "version": self.version,
            "duplicate_of": self.duplicate_of,
            "supersedes": self.supersedes,
        }
