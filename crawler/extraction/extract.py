"""From a page's raw bytes to an article's fields: `bytes -> Extracted | ExtractionFailed`.

One code path serves the crawl's extract stage and the `scrapy extract`
command. trafilatura finds the main text (with its own deduplication off: that
is the dedup stage's job); the project then strips the cruft it leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from crawler.discovery.urls import canonicalize_url
from crawler.extraction.cruft import strip_cruft
from crawler.extraction.decoding import decode_html
from crawler.extraction.metadata import clean_authors, iso_datetime, read_metadata

# Below this many characters of text, the declared language is trusted over detection.
_DETECT_MIN_CHARS = 200


class ExtractionFailed(Exception):
    """No article could be extracted; `reason` is short and stable (e.g. "empty")."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ExtractConfig:
    """How pages are extracted; built once from the EXTRACT_* settings."""

    max_bytes: int = 8 * 1024 * 1024
    favor_precision: bool = False
    strip_cruft: bool = True


@dataclass(frozen=True)
class Extracted:
    """An article's fields as found on the page; None or empty where nothing was found."""

    url: str
    canonical_url: str
    title: str | None
    text: str
    language: str | None
    published: str | None
    authors: tuple[str, ...]
    sitename: str | None
    boilerplate_removed: int = 0
    encoding: str = ""

    def fields(self) -> dict[str, Any]:
        """The article fields as a JSON-ready dict (what `scrapy extract` prints)."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "text": self.text or None,
            "language": self.language,
            "published": self.published,
            "authors": list(self.authors),
            "sitename": self.sitename,
            "boilerplate_removed": self.boilerplate_removed,
        }


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def detect_language(text: str, declared: str | None) -> str | None:
    """ISO 639-1 code: detected from the text when long enough, else the page's declaration."""
    if len(text) < _DETECT_MIN_CHARS:
        return declared
    lang, _prob = _language_identifier().classify(text[:5000])
    return str(lang)


def _trafilatura(tree: Any, url: str, config: ExtractConfig) -> Any:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_precision=config.favor_precision,
    )


def extract_page(
    body: bytes, url: str, content_type: str | None = None, config: ExtractConfig | None = None
) -> Extracted:
    """Extract one page's article; raises ExtractionFailed("too_large" | "empty")."""
    config = config or ExtractConfig()
    if len(body) > config.max_bytes:
        raise ExtractionFailed("too_large", f"{len(body)} bytes > {config.max_bytes}")
    decoded = decode_html(body, content_type)
    tree = load_html(decoded.text)
    if tree is None:
        raise ExtractionFailed("empty", "not an HTML document")
    declared = read_metadata(tree, url)  # before trafilatura, which may change the tree
    document = _trafilatura(tree, url, config)
    text = (document.text or "") if document is not None else ""
    title = (document.title or None) if document is not None else None
    removed = 0
    if config.strip_cruft and text:
        cleaned = strip_cruft(text, title)
        text, removed = cleaned.text, cleaned.removed
    if not text.strip():
        raise ExtractionFailed("empty", "no main text found")
    canonical = declared.canonical or url
    published = declared.published or iso_datetime(getattr(document, "date", None))
    authors = declared.authors or clean_authors([getattr(document, "author", None) or ""])
    return Extracted(
        url=url,
        canonical_url=canonicalize_url(canonical),
        title=title,
        text=text,
        language=detect_language(text, declared.language),
        published=published,
        authors=authors,
        sitename=getattr(document, "sitename", None) or None,
        boilerplate_removed=removed,
        encoding=decoded.encoding,
    )
