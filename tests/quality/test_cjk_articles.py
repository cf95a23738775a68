"""Articles in scripts without spaces (Japanese) and in Korean are kept, with a word count that fits their script.

The pages are the scrapinghub benchmark's, found by the script of their ground
truth (never by name), used by path from ../shared/benchmarks; skipped where
that folder is absent.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from crawler.extraction.extract import extract_page
from crawler.extraction.wordfloor import WordFloor
from crawler.items import Page
from crawler.pipelines.extract import to_article
from crawler.pipelines.validate import ValidateConfig, ValidatePipeline
from crawler.text.words import count_words

BENCHMARK = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "scrapinghub"
_SCRIPTS = {
    "han": re.compile(r"[\u4e00-\u9fff]"),
    "kana": re.compile(r"[\u3040-\u30ff]"),
    "hangul": re.compile(r"[\uac00-\ud7af]"),
}

pytestmark = pytest.mark.skipif(
    not (BENCHMARK / "ground-truth.json").is_file(), reason=f"benchmark data not found at {BENCHMARK}"
)


def pages_in_east_asian_scripts() -> list[tuple[str, str, str]]:
    """(key, url, article body) of the pages whose true body is mostly Han, kana or Hangul."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key, entry in sorted(truth.items()):
        body = entry["articleBody"]
        letters = sum(1 for c in body if c.isalpha())
        east_asian = sum(len(p.findall(body)) for p in _SCRIPTS.values())
        if letters and east_asian / letters > 0.5:
            found.append((key, entry["url"], body))
    return found


def test_the_benchmark_has_japanese_and_korean_articles() -> None:
    bodies = " ".join(body for _, _, body in pages_in_east_asian_scripts())
    assert _SCRIPTS["kana"].search(bodies) and _SCRIPTS["hangul"].search(bodies) and _SCRIPTS["han"].search(bodies)


@pytest.mark.parametrize("case", pages_in_east_asian_scripts() if BENCHMARK.is_dir() else [], ids=lambda c: c[0][:12])
def test_east_asian_article_is_kept_with_its_word_count(case: tuple[str, str, str]) -> None:
    key, url, truth = case
    body = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
    page = Page(url=url, body=body, headers={"content-type": "text/html; charset=utf-8"}, fetched_at="2026-01-01T00:00:00")
    article = to_article(page, extract_page(body, url, "text/html; charset=utf-8"))
    flat = ValidateConfig(WordFloor(60, brief_min_words=60))
    kept = ValidatePipeline(flat).process_item(article)  # raises Rejected when too short
    assert kept is article
    expected = count_words(truth)
    assert expected > 3 * len(truth.split()) or _SCRIPTS["hangul"].search(truth)  # spaces alone would undercount
    assert 0.7 * expected <= article.word_count <= 1.5 * expected, (article.word_count, expected)
