"""The extraction's shortcuts give what the libraries' own calls give, page for page."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from lxml import etree
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from trafilatura.utils import load_html

from crawler.extraction.decoding import decode_html
from crawler.extraction.extract import ExtractConfig, _trafilatura
from crawler.extraction.language import language_model

GOLDEN = sorted((Path(__file__).resolve().parents[1] / "golden").glob("*.html"))


def _xml(body: object) -> bytes:
    return b"" if body is None else etree.tostring(body)


@pytest.mark.parametrize("page", GOLDEN, ids=lambda p: p.stem)
@pytest.mark.parametrize("precision", [False, True])
def test_the_main_text_body_is_bare_extractions(page: Path, precision: bool) -> None:
    text = decode_html(page.read_bytes()).text
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
