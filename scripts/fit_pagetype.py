"""Fit the page-type decision's weights on the tuning part of WCXB, and print them.

    python scripts/fit_pagetype.py ../shared/benchmarks/wcxb/dev [--keep 0.98]

Only pages whose `wcxb_part` is "tune" are used: the held-back part stays for
`bench_extraction.py` to measure. A class-balanced logistic regression over the
features of `crawler.extraction.pagetype.features` (the page's markup signals and
the project's extracted main text); the weights are printed on the features' raw
scale, with the bias shifted so that `--keep` of the tuning articles score above 0.
Paste the printed block over WEIGHTS and BIAS in crawler/extraction/pagetype.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from trafilatura.utils import load_html

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extraction.decoding import decode_html  # noqa: E402
from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page  # noqa: E402
from crawler.extraction.pagesignals import read_signals  # noqa: E402
from crawler.extraction.pagetype import PageTypeConfig, features  # noqa: E402
from scripts.bench_extraction import wcxb_part  # noqa: E402


def tuning_rows(root: Path, limit: int | None) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature names, the feature matrix and the labels (article or not) of the tuning pages."""
    config = ExtractConfig(page_type=PageTypeConfig(enabled=False))
    names: list[str] = []
    rows: list[list[float]] = []
    labels: list[bool] = []
    for path in sorted((root / "ground-truth").glob("*.json"))[:limit]:
        if wcxb_part(path.stem) != "tune":
            continue
        truth = json.loads(path.read_text("utf-8"))
        url = truth.get("url") or ""
        body = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())
        tree = load_html(decode_html(body, None).text)
        if tree is None:
            continue
        try:
            text = extract_page(body, url, None, config).text
        except ExtractionFailed:
            text = ""
        found = features(read_signals(tree, url), text)
        names = list(found)
        rows.append([found[n] for n in names])
        labels.append(truth["_internal"]["page_type"]["primary"] == "article")
    return names, np.array(rows), np.array(labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wcxb", type=Path, help="the WCXB dev directory (ground-truth/, html/)")
    parser.add_argument("--keep", type=float, default=0.98, help="share of tuning articles to keep")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    names, x, y = tuning_rows(args.wcxb, args.limit)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(scaler.transform(x), y)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - np.sum(weights * scaler.mean_))
    scores = x @ weights + bias
    bias -= float(np.quantile(scores[y], 1 - args.keep))
    print(f"# {len(y)} tuning pages, {int(y.sum())} articles; bias set to keep {args.keep:.0%} of them")
    print("WEIGHTS: dict[str, float] = {")
    for name, weight in zip(names, weights, strict=True):
        print(f'    "{name}": {weight:.4f},')
    print("}")
    print(f"BIAS = {bias:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
