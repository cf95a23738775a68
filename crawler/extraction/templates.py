"""Per-site template learning: lines that recur on many pages of one host are its chrome.

A promo box, a newsletter prompt or a recurring sign-off that trafilatura keeps
on every article of a site shows up as the same line on page after page. A line
is template once it was seen on `min_pages` distinct pages of the host and on at
least `min_share` of the host's pages seen so far; then it is removed from that
host's articles. Counting distinct pages (not occurrences) keeps a line that a
story repeats, and `min_pages` above 2 keeps a quote that two stories share.
Long lines are prose and never learned. See README.md for the measured thresholds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from crawler.extraction.cruft import identity
from crawler.relevance.scoring import fold
from crawler.store.templates import TemplateStore


@dataclass(frozen=True)
class TemplateConfig:
    """When a line counts as a host's template; from the TEMPLATES_* settings."""

    min_pages: int = 4
    min_share: float = 0.3
    max_line_words: int = 40


@dataclass(frozen=True)
class TemplateResult:
    """The text without the host's template lines, and how many lines went."""

    text: str
    removed: int


def line_key(line: str) -> str:
    """A compact key for a line: a hash of its folded letters and digits."""
    return hashlib.blake2b(identity(fold(line)).encode("utf-8"), digest_size=8).hexdigest()


def strip_template_lines(
    text: str, host: str, page: str, store: TemplateStore, config: TemplateConfig
) -> TemplateResult:
    """Record this page's short lines for its host, and drop the ones already learned as template."""
    lines = text.split("\n")
    keys = [line_key(line) if 0 < len(line.split()) <= config.max_line_words else None for line in lines]
    candidates = [k for k in keys if k]
    known = store.line_pages(host, candidates) if candidates else {}
    pages = store.host_pages(host)
    store.record(host, page, candidates)

    def template(key: str | None) -> bool:
        seen_on = known.get(key, 0) if key else 0
        return seen_on >= config.min_pages and seen_on >= config.min_share * pages

    kept = [line for line, key in zip(lines, keys, strict=True) if not template(key)]
    return TemplateResult("\n".join(kept), len(lines) - len(kept))
