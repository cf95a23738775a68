"""Fit the page-type decision's weights on the tuning part of WCXB, and print them.

    python scripts/fit_pagetype.py ../shared/benchmarks/wcxb/dev [--keep 0.98] [--c 0.1]

Only pages whose `wcxb_part` is "tune" are used: the held-back part stays for
`bench_extraction.py` to measure. A class-balanced logistic regression over the
features of `crawler.extraction.pagetype.features` (the page's markup signals and
the project's extracted main text); the weights are printed on the features' raw
scale. The bias is set out of sample: the tuning pages are scored by models fitted
without them (5 folds, 3 shuffles), and the bias shifted so that `--keep` of the
tuning articles score above 0 there, so that the share kept holds on pages the
weights have not seen (set on the fitted pages themselves, it kept 0.976 of them
but only 0.953 of the held-back articles). `--c` (the inverse regularisation) was
chosen by the share of other pages refused in that cross-validation.
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
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extraction.decoding import decode_html  # noqa: E402
from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page  # noqa: E402
from crawler.extraction.pagesignals import read_signals  # noqa: E402
from crawler.extraction.pagetype import PageTypeConfig, features  # noqa: E402
from crawler.extraction.parse import parse_html  # noqa: E402
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
        tree = parse_html(decode_html(body, None).text)
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


FOLDS, SHUFFLES = 5, 3


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Raw-scale weights and bias of a class-balanced logistic regression (its own bias: 50/50 odds)."""
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(scaler.transform(x), y)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    weights = model.coef_[0] / scale
    return weights, float(model.intercept_[0] - np.sum(weights * scaler.mean_))


def out_of_sample_scores(x: np.ndarray, y: np.ndarray, c: float, seed: int) -> np.ndarray:
    """Each page's score by the model fitted on the other folds."""
    scores = np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
        weights, bias = fit(x[train], y[train], c)
        scores[test] = x[test] @ weights + bias
    return scores


def fit_weights(x: np.ndarray, y: np.ndarray, c: float, keep: float) -> tuple[np.ndarray, float, float]:
    """The weights fitted on every page, the bias that keeps `keep` of the articles out of sample, and the share
    of other pages refused out of sample at that bias."""
    weights, bias = fit(x, y, c)
    shifts, refused = [], []
    for seed in range(SHUFFLES):
        scores = out_of_sample_scores(x, y, c, seed)
        cut = float(np.quantile(scores[y], 1 - keep))
        shifts.append(cut)
        refused.append(float(np.mean(scores[~y] <= cut)))
    return weights, bias - float(np.mean(shifts)), float(np.mean(refused))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wcxb", type=Path, help="the WCXB dev directory (ground-truth/, html/)")
    parser.add_argument("--keep", type=float, default=0.98, help="share of tuning articles to keep out of sample")
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    names, x, y = tuning_rows(args.wcxb, args.limit)
    weights, bias, refused = fit_weights(x, y, args.c, args.keep)
    print(f"# {len(y)} tuning pages, {int(y.sum())} articles; C={args.c}; bias set to keep {args.keep:.0%} of them "
          f"out of sample, where {refused:.3f} of the other pages are refused")
    print("WEIGHTS: dict[str, float] = {")
    for name, weight in zip(names, weights, strict=True):
        print(f'    "{name}": {weight:.4f},')
    print("}")
    print(f"BIAS = {bias:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
