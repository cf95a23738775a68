"""What a page's extraction takes and gives: `ExtractConfig`, `Extracted`, `ExtractionFailed`.

Apart from `extract.py` so that the crawl process, which only queues pages to
its extraction workers and reads their results (`pool.py` unpickles an
`Extracted` by importing this module), does not import trafilatura, htmldate,
justext and py3langid: about 3 MB of its RSS that only the workers use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.extraction.bounds import PageBounds
from crawler.extraction.linkblocks import LinkBlockConfig
from crawler.extraction.pagetype import PageType, PageTypeConfig
from crawler.extraction.templates import Block, TemplateConfig


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
    recall_below_words: int = 50  # a main text shorter than this is looked for again, favouring recall (0: never)
    # a main text under this share of the page's words is looked for again, favouring recall (0: never)
    recall_below_share: float = 0.5
    show_collapsed: bool = True  # show the story's collapsed panels (accordions, "show more") to trafilatura
    strip_cruft: bool = True
    link_blocks: LinkBlockConfig | None = LinkBlockConfig()  # None keeps blocks of internal links
    bounds: PageBounds = PageBounds()
    page_type: PageTypeConfig = PageTypeConfig()
    templates: TemplateConfig | None = None  # also read the page's blocks for template learning (None: not)


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
    quality_flags: tuple[str, ...] = ()
    encoding: str = ""
    page_type: PageType = PageType("article", 0.0)
    blocks: tuple[Block, ...] | None = None  # the page's blocks for its host's template (None: not read)
    declared_article: bool = False  # the page says it is an article (og:type, schema.org type): see wordfloor.py

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
            "word_count": len(self.text.split()),
            "boilerplate_removed": self.boilerplate_removed,
            "quality_flags": list(self.quality_flags),
            "page_type": self.page_type.kind,
        }
