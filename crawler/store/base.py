"""The crawl state's contract: what every backend offers, behind one Protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StoredArticle:
    """What the state keeps of an article once it is durably written."""

    id: str
    canonical_url: str
    content_hash: str
    url: str
    stored_at: str


class StateStore(Protocol):
    """Crawl state kept across runs (SQLite by default)."""

    def article_by_url(self, canonical_url: str) -> str | None:
        """The id of the stored article with this canonical URL, if any."""

    def article_by_content(self, content_hash: str) -> str | None:
        """The id of the stored article with this content hash, if any."""

    def add_article(self, article: StoredArticle) -> bool:
        """Record a stored article; False (and nothing changed) if its id is already there."""

    def count_articles(self) -> int:
        """How many articles are stored."""

    def close(self) -> None:
        """Release the backend's resources; the state stays for the next run."""
