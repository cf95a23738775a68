"""The two item types: `Page` (raw, as fetched) and `Article` (extracted).

A reader of a pipeline stage tells which stage it is in by the type it takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How a page was found when its site listed it as a story (a feed, a sitemap, a query feed's answer): its
# publisher's word that it is one, which the spider, the page-type decision and validation weigh.
LISTED_SOURCES = frozenset({"feed", "sitemap", "query"})


def doc_id(story_id: str, version: int) -> str:
    """The unique id of one row: its story's id and its version ("<id>-v<version>")."""
    return f"{story_id}-v{version}"


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
    warc_file: str = ""  # the WARC file holding the response (name inside OUTPUT_DIR/warc/), "" if none
    warc_record_id: str = ""  # the WARC-Record-ID of that response record
    tdm_robots: bool | None = None  # robots.txt groups of AI crawlers disallow this URL (None: not known)


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
    topic_model_score: float | None = None  # the topic model's P(on topic); None without a model
    content_hash: str = ""
    source: str = ""
    word_count: int = 0
    boilerplate_removed: int = 0
    quality_flags: list[str] = field(default_factory=list)  # e.g. "truncated", "paywalled"
    version: int = 1  # incremented when the text at the same canonical URL changed
    duplicate_of: str | None = None  # id of the kept article this one copies (when copies are kept)
    supersedes: list[str] = field(default_factory=list)  # ids of copies written before this original arrived
    frontier_key: str = ""  # see Page.frontier_key
    published_precision: str | None = None  # "datetime" (with offset), "date", None when no date
    warc_file: str | None = None  # see Page.warc_file
    warc_record_id: str | None = None  # see Page.warc_record_id
    tdm_reserved: bool | None = None  # the publisher reserves text and data mining (None: no signal seen)
    tdm_source: str | None = None  # where that came from, e.g. "header:tdm-reservation", "meta:robots"
    declared_article: bool = False  # the page says it is an article (og:type, schema.org): not written out
    page_type_margin: float | None = None  # its page-type score above the threshold (None: not decided): not written out

    @property
    def doc_id(self) -> str:
        """Unique per row: the story's `id` and its `version` ("<id>-v<version>")."""
        return doc_id(self.id, self.version)

    def record(self) -> dict[str, Any]:
        """The stable output schema, in a fixed key order."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
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
            "topic_model_score": self.topic_model_score,
            "content_hash": self.content_hash,
            "word_count": self.word_count,
            "boilerplate_removed": self.boilerplate_removed,
            "quality_flags": self.quality_flags,
            "version": self.version,
            "duplicate_of": self.duplicate_of,
            "supersedes": self.supersedes,
            "published_precision": self.published_precision,
            "warc_file": self.warc_file,
            "warc_record_id": self.warc_record_id,
            "tdm_reserved": self.tdm_reserved,
            "tdm_source": self.tdm_source,
        }
