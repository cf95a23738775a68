"""From a page's raw bytes to an article's fields: `bytes -> Extracted | ExtractionFailed`.

One code path serves the crawl's extract stage and the `scrapy extract`
command. trafilatura finds the main text (with its own deduplication off: that
is the dedup stage's job); the project then strips the cruft it leaves. The config,
result and failure types live in `job.py`, which the crawl process imports
without trafilatura and the rest of extraction (they load in the workers only).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from trafilatura.baseline import baseline
from trafilatura.core import _recall_retry as recall_stages
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt

from crawler.discovery.urls import canonicalize_url
from crawler.extraction.asides import prune_asides
from crawler.extraction.binary import ends_cut_short
from crawler.extraction.bounds import PageBounds, flatten_if_cut, screen_body, screen_text
from crawler.extraction.cascade import cascade
from crawler.extraction.cruft import strip_cruft
from crawler.extraction.decoding import decode_html
from crawler.extraction.disclosures import show_collapsed_panels
from crawler.extraction.job import ExtractConfig, Extracted, ExtractionFailed
from crawler.extraction.language import language_model
from crawler.extraction.leads import read_leads, restore_leads
from crawler.extraction.linkblocks import drop_link_blocks
from crawler.extraction.looselinks import unwrap_loose_links
from crawler.extraction.metadata import read_metadata
from crawler.extraction.pagesignals import read_signals
from crawler.extraction.pagetype import PageType, classify, declares_article
from crawler.extraction.parse import parse_html
from crawler.extraction.quality import quality_flags
from crawler.extraction.recall import cannot_be_better, retry_is_better, worth_retrying
from crawler.extraction.recall import page_words as count_page_words
from crawler.extraction.roleboxes import ChromeBoxes, drop_chrome_lines, read_chrome_boxes, read_names
from crawler.extraction.templates import page_blocks

__all__ = ["ExtractConfig", "Extracted", "ExtractionFailed", "detect_language", "extract_page", "prepare"]

# Below this many characters of text, the declared language is trusted over detection.
_DETECT_MIN_CHARS = 200
# The language is told from this many first characters (enough, and it bounds the cost).
_DETECT_MAX_CHARS = 2000


def detect_language(text: str, declared: str | None) -> str | None:
    """ISO 639-1 code: detected from the text when long enough, else the page's declaration."""
    if len(text) < _DETECT_MIN_CHARS:
        return declared
    return language_model().classify(text[:_DETECT_MAX_CHARS])


def prepare() -> None:
    """Do once what every page needs (load the language model, compile the cruft rules): a worker calls it at start."""
    language_model()
    strip_cruft("")


@lru_cache(maxsize=4)
def _trafilatura_options(favor_precision: bool, favor_recall: bool = False) -> Extractor:
    """What `bare_extraction(with_metadata=False, include_comments=False, include_tables=True,
    deduplicate=False, include_links=True, favor_precision=...)` would use, made once per process.

    No URL: trafilatura would make every link's target absolute (a URL parse per
    link of the page), and the link blocks read a relative target as internal,
    which is what it resolves to. trafilatura_sequence never changes its options
    (its recall retry works on a copy).
    """
    return Extractor(
        output_format="python", precision=favor_precision, recall=favor_recall, comments=False, links=True, tables=True,
        dedup=False, url=None, with_metadata=False,
    )


def _trafilatura(
    tree: Any, config: ExtractConfig, favor_recall: bool = False, names: frozenset[str] | None = None
) -> Any:
    """trafilatura's main-text body (XML, links as <ref> with their targets as written) of a tree it may change,
    or None; favouring recall, of the tree a first call read (see `_trafilatura_again`). `names`: the page's
    `read_names`, where read before the tree changed.

    The steps of `trafilatura.bare_extraction` for the options above, minus its copy
    of the whole tree (the page was parsed for this call alone and its metadata is
    already read), the prunes the page's names rule out (cascade.py) and its text
    serialisation (done after the link blocks go).
    """
    if favor_recall:
        return _trafilatura_again(tree)
    options = _trafilatura_options(config.favor_precision)
    try:
        body, text = cascade(tree, options, read_names(tree) if names is None else names)
    except (TypeError, ValueError):  # bare_extraction's own "discarding data"
        return None
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:  # no comments: their text is ""
        return None
    return body


def _trafilatura_again(tree: Any) -> Any:
    """trafilatura's body favouring recall, read from the tree its first reading pruned, or None.

    The cascade's steps for recall with comments off (`trafilatura_sequence`: stages 1 and 2, then the
    baseline on a short text; no escalation) minus its two prunes of the tree, which the first reading
    made: the boxes of comments (left on a thread's page by both readings, pruned from any page by a
    first reading favouring precision) and of scrolled-in stories. The same body as the whole cascade
    on a fresh tree (tests/unit/test_extraction_shortcuts.py), for a fifth of its time less.
    """
    options = _trafilatura_options(False, True)
    try:
        body, text = recall_stages(tree, options, None)
        if len(text) < options.min_extracted_size:
            b_body, b_text, b_len = baseline(tree)
            if b_len > len(text):
                body, text = b_body, b_text
    except (TypeError, ValueError):  # bare_extraction's own "discarding data"
        return None
    return body if len(text) >= options.min_output_size or options.min_output_comm_size <= 0 else None


def _words(document: Any) -> int:
    return len(" ".join(document.itertext()).split()) if document is not None else 0


def _main_text(body: Any, url: str, config: ExtractConfig) -> tuple[str, int]:
    """The body's text in Unicode's composed form (NFC, as `trafilatura.extract` returns it: one spelling for
    one word, whatever the page's bytes), after dropping blocks of internal links; and how many were dropped."""
    if body is None:
        return "", 0
    dropped = drop_link_blocks(body, url, config.link_blocks) if config.link_blocks else 0
    if not config.link_blocks:
        etree.strip_tags(body, "ref")
    text = xmltotxt(body, False) or ""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text), dropped


def _bounded_parse(body: bytes, content_type: str | None, bounds: PageBounds) -> tuple[Any, Any]:
    """Decode and parse within the page bounds (bounds.py); raises ExtractionFailed("binary" | "too_complex")."""
    screened = screen_body(body, bounds)
    if screened.refusal:
        raise ExtractionFailed(*screened.refusal)
    decoded = decode_html(screened.body, content_type)
    refused = screen_text(decoded.text, bounds, whole_page=True)
    if refused:
        raise ExtractionFailed(*refused)
    tree = parse_html(decoded.text)
    flattened = flatten_if_cut(screened.body, tree, bounds)
    if flattened is not None:
        decoded = decode_html(flattened, content_type)
        tree = parse_html(decoded.text)
    return decoded, tree


@dataclass(frozen=True)
class _PageParts:
    """What cleaning a main text needs from its page, read before trafilatura changed the tree."""

    leads: tuple[str, ...]
    chrome: ChromeBoxes | None  # None when cruft is not stripped
    link_url: str  # the address internal links are told by
    title: str | None


@dataclass(frozen=True)
class _Cleaned:
    """A main text once cleaned; `raw_text` before the cruft rules (for the quality flags), `folded_raw` its lines
    folded where the cruft rules made them (None: not made)."""

    text: str
    raw_text: str
    removed: int
    folded_raw: str | None = None


def _clean(document: Any, page: _PageParts, config: ExtractConfig) -> _Cleaned:
    """trafilatura's body as text: the lead put back, link blocks, chrome-box lines and cruft removed."""
    return _without_cruft(*_main_text(_with_leads(document, page), page.link_url, config), page, config)


def _clean_retry(document: Any, page: _PageParts, config: ExtractConfig, first: str) -> _Cleaned | None:
    """A retry's body cleaned as `_clean` does, or None where it can never be kept over the `first` text whatever
    its chrome and cruft lines are (their removal only takes words away), without the cost of removing them."""
    text, removed = _main_text(_with_leads(document, page), page.link_url, config)
    if cannot_be_better(len(text.split()), first, config.recall_below_words):
        return None
    return _without_cruft(text, removed, page, config)


def _with_leads(document: Any, page: _PageParts) -> Any:
    if document is not None:
        restore_leads(document, page.leads)  # the standfirst set beside the headline, outside the body's container
    return document


def _without_cruft(text: str, removed: int, page: _PageParts, config: ExtractConfig) -> _Cleaned:
    if page.chrome is not None:
        text, from_boxes = drop_chrome_lines(text, page.chrome)
        removed += from_boxes
    raw_text, folded_raw = text, None
    if config.strip_cruft and text:
        cleaned = strip_cruft(text, page.title)
        text, removed, folded_raw = cleaned.text, removed + cleaned.removed, cleaned.folded
    return _Cleaned(text, raw_text, removed, folded_raw)


def extract_page(
    body: bytes, url: str, content_type: str | None = None, config: ExtractConfig | None = None
) -> Extracted:
    """Extract one page's article; raises ExtractionFailed("too_large" | "empty" | a bound's reason, see bounds.py)."""
    config = config or ExtractConfig()
    if len(body) > config.max_bytes:
        raise ExtractionFailed("too_large", f"{len(body)} bytes > {config.max_bytes}")
    decoded, tree = _bounded_parse(body, content_type, config.bounds)
    if tree is None:
        raise ExtractionFailed("empty", "not an HTML document")
    declared = read_metadata(tree, url)  # before trafilatura, which may change the tree
    signals = read_signals(tree, url) if config.page_type.enabled else None
    of_page = (signals.body_words if signals is not None else count_page_words(tree)) if config.recall_below_share else 0
    learnt = config.templates
    blocks = tuple(page_blocks(tree, learnt)) if learnt is not None and len(body) <= learnt.max_page_bytes else None
    names = read_names(tree) if config.strip_cruft else frozenset()  # for both the chrome boxes and the asides
    chrome = read_chrome_boxes(tree, names=names) if config.strip_cruft else None
    leads = read_leads(tree, chrome.texts) if chrome is not None else ()
    if config.show_collapsed:
        show_collapsed_panels(tree)  # trafilatura drops hidden elements: a folded answer is the story's text
    # after the template's blocks: they see the whole page
    pruned = prune_asides(tree, names=names) if config.strip_cruft else 0
    unwrap_loose_links(tree)  # trafilatura, links kept, would drop the words after them
    title = declared.title
    link_url = url if url.startswith(("http:", "https:")) else declared.canonical or url
    page = _PageParts(leads, chrome, link_url, title)
    document = _trafilatura(tree, config, names=names if config.strip_cruft else None)
    main = _clean(document, page, config)
    typed = main  # the text the page type is told from: its weights were fitted on trafilatura's first reading
    first_words = _words(document)
    if worth_retrying(first_words, of_page, config.recall_below_words, config.recall_below_share):
        # on the same tree: trafilatura's cascade only prunes the tree it is given and reads copies otherwise; a
        # fresh parse and this page's preparing steps again made the same tree for the retry
        retry = _clean_retry(_trafilatura(tree, config, favor_recall=True), page, config, main.text)
        if retry is not None and retry_is_better(retry.text, main.text, config.recall_below_words):  # once cleaned
            main = retry
            # a page read again for want of words is typed on what was found; one read again for a small share of
            # the page, on its first reading (a forum's thread read whole reads like a story)
            typed = retry if first_words < config.recall_below_words or not typed.text.strip() else typed
    text, raw_text, removed = main.text, main.raw_text, main.removed + pruned
    if not text.strip():
        raise ExtractionFailed("empty", "no main text found")
    refused = screen_text(text, config.bounds)
    if refused:
        raise ExtractionFailed(*refused)
    canonical = declared.canonical or url
    page_type = classify(signals, typed.text, config.page_type) if signals is not None else PageType("article", 0.0)
    published = declared.published
    authors = declared.authors
    return Extracted(
        url=url,
        canonical_url=canonicalize_url(canonical),
        title=title,
        text=text,
        language=detect_language(text, declared.language),
        published=published,
        authors=authors,
        sitename=declared.sitename,
        boilerplate_removed=removed,
        quality_flags=tuple(quality_flags(text, raw_text, declared.accessible_for_free, ends_cut_short(body), main.folded_raw)),
        encoding=decoded.encoding,
        page_type=page_type,
        blocks=blocks,
        declared_article=signals is not None and declares_article(signals),
    )
