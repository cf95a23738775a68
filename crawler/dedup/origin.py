"""Which of two copies of one story is the original: `(new page, stored copy) -> bool`.

The original is the page the others' canonical link (or og:url) points at;
else the one published first; else the first seen. A page whose canonical link
points at another site's URL is a copy of that URL's story: its own identity
stays its URL (it is never a version of the story it copies).
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.dedup.urlkeys import url_key, url_key_hash
from crawler.extraction.published import parse_moment


@dataclass(frozen=True)
class PageFacts:
    """What dedup knows of a page beyond its text: its hash as extracted, publication time, declared origin."""

    digest: str | None = None  # content hash of the text as extracted (default: of the text itself)
    published: str | None = None  # ISO 8601
    origin: str | None = None  # another site's URL the page's canonical link points at


def declared_origin(url: str, canonical_url: str) -> str | None:
    """The canonical URL when it is on another host than the page: the story the page copies."""
    if not canonical_url or not url:
        return None
    own, other = url_key(url), url_key(canonical_url)
    return canonical_url if own.split("/", 1)[0] != other.split("/", 1)[0] else None


def is_more_original(url: str, facts: PageFacts, stored: tuple[str | None, int | None] | None) -> bool:
    """Whether the page at `url` is the original of a stored copy whose (published, origin key) is `stored`."""
    if stored is None:
        return False
    published, origin_key = stored
    if origin_key is not None and origin_key == url_key_hash(url):
        return True  # the copy points at this page
    if facts.origin is not None:
        return False  # this page itself declares another original
    mine, theirs = parse_moment(facts.published), parse_moment(published)
    return mine is not None and theirs is not None and mine < theirs
