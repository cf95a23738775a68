"""The extraction's shortcuts give what the libraries' own calls give, page for page."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from trafilatura.core import trafilatura_sequence
from trafilatura.utils import load_html

from crawler.extraction.asides import prune_asides
from crawler.extraction.decoding import decode_html
from crawler.extraction.disclosures import show_collapsed_panels
from crawler.extraction.extract import ExtractConfig, _trafilatura, _trafilatura_options
from crawler.extraction.language import language_model
from crawler.extraction.looselinks import unwrap_loose_links
from crawler.extraction.parse import parse_html

GOLDEN = sorted((Path(__file__).resolve().parents[1] / "golden").glob("*.html"))


# A short story beside a comment thread and a box of scrolled-in stories: trafilatura prunes both from the tree it is
# given, and its own escalation favouring recall runs on the short first text.
_PRUNED_PAGE = """<html><head><title>Council votes</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council votes on the library</h1><p>The council kept the library open through the winter.</p></article>
<div class="infinite-scroll"><h2>Next story</h2><p>Another story that was scrolled into the page, long enough to
count as text for any of the extractors that read this page.</p></div>
<section id="comments"><div class="comment"><p>A reader wrote a long comment about the library and its hours,
about the council and about the winter.</p></div></section>
<div><p>A second block of the story, set apart from the first, with words enough to be read as a paragraph.</p>
<p>A third block of the story, with more words about the council's vote and what the library will do next.</p></div>
</body></html>"""
PAGES = [decode_html(p.read_bytes()).text for p in GOLDEN] + [_PRUNED_PAGE]
PAGE_IDS = [p.stem for p in GOLDEN] + ["pruned"]


def _xml(body: object) -> bytes:
    return b"" if body is None else etree.tostring(body)


@pytest.mark.parametrize("text", PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("precision", [False, True])
def test_the_main_text_body_is_bare_extractions(text: str, precision: bool) -> None:
    expected = trafilatura.bare_extraction(  # no URL: link targets stay as written, as in the project's call
        load_html(text), with_metadata=False, include_comments=False, include_tables=True,
        deduplicate=False, include_links=True, favor_precision=precision,
    )
    found = _trafilatura(load_html(text), ExtractConfig(favor_precision=precision))
    assert _xml(found) == _xml(expected.body if expected is not None else None)
    assert found is not None


def test_the_language_is_py3langids() -> None:
    reference = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    texts = [decode_html(p.read_bytes()).text for p in GOLDEN]
    texts += ["", "a", "Der Bundestag hat am Donnerstag beschlossen", "La commission a rendu son avis", "日本語の文章です"]
    for text in texts:
        assert language_model().classify(text[:2000]) == reference.classify(text[:2000])[0]


def _prepared(text: str) -> object:
    """The page's tree as extract_page hands it to trafilatura."""
    tree = parse_html(text)
    show_collapsed_panels(tree)
    prune_asides(tree)
    unwrap_loose_links(tree)
    return tree


@pytest.mark.parametrize("text", PAGES, ids=PAGE_IDS)
def test_the_recall_retry_on_the_tree_read_first_is_the_whole_cascade_on_a_fresh_tree(text: str) -> None:
    tree = _prepared(text)
    _trafilatura(tree, ExtractConfig())  # the first reading, which prunes the tree
    again = _trafilatura(tree, ExtractConfig(), favor_recall=True)
    fresh = trafilatura_sequence(_prepared(text), _trafilatura_options(False, True), None)[0]  # prunes and all
    assert _xml(again) == _xml(fresh)
    assert fresh is not None
