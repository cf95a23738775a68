"""The crawl state's contract: what every backend offers, behind one Protocol."""

from __future__ import annotations

from collections.abc import Sequence
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


@dataclass(frozen=True)
class FingerprintDoc:
    """One stored text (an article's version) as dedup sees it; every key a compact integer."""

    doc: int  # the backend's row number (negative: not yet stored)
    article: int  # the article id as a signed 64-bit integer
    version: int
    content: int  # the content hash's first 64 bits, signed
    signature: bytes  # the b-bit MinHash signature


@dataclass(frozen=True)
class NewFingerprints:
    """What to record for a stored text: its doc, the URL keys that lead to it, its LSH band keys."""

    article: int
    version: int
    content: int
    signature: bytes
    url_keys: tuple[int, ...]  # positive 63-bit; a key already stored is pointed at this doc
    band_keys: tuple[int, ...]  # signed 32-bit; empty for a copy kept only flagged


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

    def fingerprint_scheme(self, scheme: str) -> str:
        """The fingerprint scheme the state was built with; `scheme` is recorded if there is none yet."""

    def doc_by_url(self, url_keys: Sequence[int]) -> FingerprintDoc | None:
        """The doc the first known URL key leads to, in the order given."""

    def docs_by_bands(self, band_keys: Sequence[int]) -> list[FingerprintDoc]:
        """The distinct docs sharing at least one band key, oldest first."""

    def latest_doc(self, article: int) -> FingerprintDoc | None:
        """The newest version's doc of an article that has more than one version, else None."""

    def add_fingerprints(self, batch: Sequence[NewFingerprints]) -> None:
        """Record texts and their keys, all in one transaction; a version above 1 becomes its article's latest."""

    def count_fingerprints(self) -> int:
        """How many texts (docs) have fingerprints."""

    def close(self) -> None:
        """Release the backend's resources; the state stays for the next run."""
