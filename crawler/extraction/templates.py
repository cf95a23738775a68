"""Per-site template learning: blocks that recur on many pages of one host are its chrome.

Learnt from every HTML page fetched on a host (hubs, section pages, off-topic
and duplicate articles alike), at the level of the page's blocks: a block is an
element with text of its own, keyed by the end of its DOM path (its own and its
parent's tag and first class: a promo box keeps that shape on a hub and on an
article, whose page layouts differ above it) and its folded text. A block is template once it was seen on
`min_pages` distinct pages of the host and on at least `min_share` of the host's
pages seen so far; then an article's lines with that block's text are removed,
unless the same text is also one of the article's own (non-template) blocks.
The DOM path keeps a sentence of a story apart from the same words in a promo
box; counting distinct pages keeps a quote that a story repeats; long blocks
are prose and never learned. See docs/extraction.md for the thresholds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crawler.extraction.cruft import identity
from crawler.relevance.textfold import fold
from crawler.store.templates import TemplateStore

# Scrapy signal (sent by the extract stage for each page a worker read, and by the spider for each hub page it
# parsed; received by the template stage): handler(url: str, blocks: Sequence[Block]).
TEMPLATE_BLOCKS = object()
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "option"})
_MAX_DEPTH = 60


@dataclass(frozen=True)
class TemplateConfig:
    """When a block counts as a host's template; from the TEMPLATES_* settings."""

    min_pages: int = 4
    min_share: float = 0.3
    max_line_words: int = 40
    max_page_bytes: int = 2 * 1024 * 1024  # larger pages are not learned from


@dataclass(frozen=True)
class Block:
    """One block of a page: `key` (DOM path and text, hashed) and `ident` (its folded text, to match lines)."""

    key: str
    ident: str


@dataclass(frozen=True)
class TemplateResult:
    """The text without the host's template lines, and how many lines went."""

    text: str
    removed: int


def line_identity(line: str) -> str:
    """What a line and a block are compared by: folded letters and digits."""
    return identity(fold(line))


def _step(element: Any) -> str:
    classes = (element.get("class") or "").split()
    return f"{element.tag}.{classes[0]}" if classes else str(element.tag)


def _text_elements(root: Any) -> Iterator[tuple[str, Any]]:
    """Each element with text of its own, in document order, with its DOM path (its parent's step and its own).

    An element's own text is its text and its children's tails; script, style and the like are skipped with their
    subtrees; below `_MAX_DEPTH` levels nothing more is read. An explicit stack: no generator per level.
    """
    stack: list[tuple[Any, str, int]] = [(child, str(root.tag), 0) for child in reversed(root)]
    while stack:
        element, parent, depth = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        step = _step(element)
        own = [element.text or ""]
        children = []
        for child in element:
            own.append(child.tail or "")
            children.append(child)
        if "".join(own).strip():
            yield f"{parent}/{step}", element
        if depth < _MAX_DEPTH:
            stack.extend((child, step, depth + 1) for child in reversed(children))


def page_blocks(tree: Any, config: TemplateConfig) -> list[Block]:
    """The short text blocks of a parsed page (an lxml HTML tree), each once."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    blocks: dict[str, Block] = {}
    for path, element in _text_elements(root):
        text = element.text_content()
        if not 0 < len(text.split()) <= config.max_line_words:
            continue
        ident = line_identity(text)
        if ident:
            key = hashlib.blake2b(f"{path}\x00{ident}".encode(), digest_size=8).hexdigest()
            blocks.setdefault(key, Block(key, ident))
    return list(blocks.values())


def learn_page(host: str, page: str, blocks: list[Block], store: TemplateStore) -> None:
    """Record a fetched page's blocks for its host (recording a page twice changes nothing)."""
    store.record(host, page, [(b.key, b.ident) for b in blocks])


def template_of(host: str, page: str, store: TemplateStore, config: TemplateConfig) -> tuple[set[str], set[str]]:
    """The texts of the page's blocks that are its host's template, and of its other blocks."""
    blocks = store.page_blocks(host, page)
    counts = store.line_pages(host, [key for key, _ in blocks]) if blocks else {}
    pages = store.host_pages(host)
    template: set[str] = set()
    own: set[str] = set()
    for key, ident in blocks:
        seen_on = counts.get(key, 0)
        (template if seen_on >= config.min_pages and seen_on >= config.min_share * pages else own).add(ident)
    return template - own, own


def strip_template(text: str, template: set[str]) -> TemplateResult:
    """The text without the lines whose folded text is a template block's."""
    if not template:
        return TemplateResult(text, 0)
    lines = text.split("\n")
    kept = [line for line in lines if line_identity(line) not in template]
    return TemplateResult("\n".join(kept), len(lines) - len(kept))
