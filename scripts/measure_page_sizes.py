"""Sizes of real article pages, to set the bounds on a page's work (docs/safety.md).

    python scripts/measure_page_sizes.py ../shared/benchmarks

For every page of the three benchmarks: raw HTML bytes, element count, deepest
nesting, whether the HTML ends with </body> or </html> (a page without them
looks cut short), and the length of the ground truth's article text
(characters and words; WCXB counts only pages typed `article`). Prints
percentiles and maxima: the defaults of EXTRACT_MAX_BYTES, EXTRACT_MAX_ELEMENTS,
EXTRACT_MAX_TEXT_CHARS are set above the largest real article with a margin.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extraction.binary import ends_cut_short  # noqa: E402


def _pages(bench: Path) -> Iterator[tuple[bytes, str | None]]:
    """(raw HTML, ground-truth article text or None) of every page."""
    truth = json.loads((bench / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, value in truth.items():
        yield gzip.decompress((bench / "scrapinghub" / "html" / f"{key}.html.gz").read_bytes()), value["articleBody"]
    for path in sorted((bench / "trafilatura-eval" / "html").glob("*.gz")):
        yield gzip.decompress(path.read_bytes()), None
    for path in sorted((bench / "wcxb" / "dev" / "html").glob("*.html.gz")):
        gt_path = bench / "wcxb" / "dev" / "ground-truth" / path.name.replace(".html.gz", ".json")
        text = None
        if gt_path.exists():
            record = json.loads(gt_path.read_text(encoding="utf-8"))
            internal = record.get("_internal") or {}
            internal = ast.literal_eval(internal) if isinstance(internal, str) else internal
            gt = record.get("ground_truth") or {}
            gt = ast.literal_eval(gt) if isinstance(gt, str) else gt
            if internal.get("page_type", {}).get("primary") == "article":
                text = gt.get("main_content") or None
        yield gzip.decompress(path.read_bytes()), text


def _depth(tree: lxml.html.HtmlElement) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _summary(name: str, values: list[int]) -> str:
    values = sorted(values)
    at = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return f"{name:<22} n={len(values):5d} median={at(0.5):>10,} p99={at(0.99):>10,} max={values[-1]:>10,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("benchmarks", type=Path)
    args = parser.parse_args()
    sizes, elements, depths, chars, words = [], [], [], [], []
    cut = 0
    for body, text in _pages(args.benchmarks):
        sizes.append(len(body))
        cut += ends_cut_short(body)
        try:
            tree = lxml.html.fromstring(body)
        except (ValueError, lxml.etree.ParserError):
            continue
        elements.append(sum(1 for _ in tree.iter()))
        depths.append(_depth(tree))
        if text:
            chars.append(len(text))
            words.append(len(re.findall(r"\S+", text)))
    print(_summary("page bytes", sizes))
    print(_summary("page elements", elements))
    print(_summary("page depth", depths))
    print(_summary("article chars", chars))
    print(_summary("article words", words))
    print(f"pages that look cut short (no </body> nor </html> at the end): {cut} of {len(sizes)}")


if __name__ == "__main__":
    main()
