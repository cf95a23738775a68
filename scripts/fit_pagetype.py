"""Fit the page-type decision's weights on the tuning part of WCXB, and print them.

    python scripts/fit_pagetype.py ../shared/benchmarks/wcxb/dev [--keep 0.98] [--c 0.1]

Only pages whose `wcxb_part` is "tune" are used: the held-back part stays for
`bench_extraction.py` to measure. One class-balanced multinomial logistic
regression over articles and the kinds of non-article (`pagetype.KIND_OF` maps
WCXB's page types to the kinds), over the features of
`crawler.extraction.pagetype.features` (the page's markup signals and the
project's extracted main text); a kind's score is the article's linear score
minus that kind's, and a page's score is its lowest. Fitted together, each
kind's line is drawn knowing the other kinds. The features are read from the
same signals and text as the crawl's decision (`typed_inputs`). The weights are
printed on the features' raw scale. The bias is set out of sample: the tuning pages are scored by models fitted
without them (5 folds, 5 shuffles; a site's pages never in two folds, so a page is scored as a page of a site
the model has not seen), and the bias shifted so that `--keep` of the
tuning articles score above 0 there, so that the share kept holds on pages the
weights have not seen (set on the fitted pages themselves, it kept 0.976 of them
but only 0.953 of the held-back articles). `--c` (the inverse regularisation) was
chosen by the share of other pages refused in that cross-validation.
It prints the module crawler/extraction/pagetype_weights.py (redirect it there).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import crawler.extraction.extract as extract_module  # noqa: E402
from crawler.extraction.decoding import decode_html  # noqa: E402
from crawler.extraction.extract import ExtractionFailed, extract_page  # noqa: E402
from crawler.extraction.pagesignals import PageSignals, read_signals  # noqa: E402
from crawler.extraction.pagetype import KIND_OF, PageType, PageTypeConfig, features  # noqa: E402
from crawler.extraction.parse import parse_html  # noqa: E402
from scripts.bench_extraction import wcxb_part  # noqa: E402


def site_of(url: str) -> str:
    """The site a page belongs to, for folds that never split a site: its host's last two labels (three under a
    country's second-level domain such as .co.uk)."""
    labels = (urlsplit(url).hostname or "").split(".")
    second_level = len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "ac", "gov", "net")
    return ".".join(labels[-3:] if second_level else labels[-2:])


def typed_inputs(body: bytes, url: str) -> tuple[PageSignals, str] | None:
    """The signals and the text the crawl's decision is told from (`classify`'s arguments in `extract_page`, where
    the text may be the first reading rather than the text kept), or None where extraction stops before it."""
    seen: list[tuple[PageSignals, str]] = []

    def record(signals: PageSignals, text: str, config: PageTypeConfig | None = None) -> PageType:
        seen.append((signals, text))
        return PageType("article", 0.0)

    classify, extract_module.classify = extract_module.classify, record
    try:
        extract_page(body, url)
    except ExtractionFailed:
        pass
    finally:
        extract_module.classify = classify
    return seen[0] if seen else None


def tuning_rows(root: Path, limit: int | None) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Feature names, the feature matrix, the labels ("article" or the kind of non-article) and the sites of the
    tuning pages."""
    names: list[str] = []
    rows: list[list[float]] = []
    labels: list[str] = []
    sites: list[str] = []
    for path in sorted((root / "ground-truth").glob("*.json"))[:limit]:
        if wcxb_part(path.stem) != "tune":
            continue
        truth = json.loads(path.read_text("utf-8"))
        url = truth.get("url") or ""
        body = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())
        tree = parse_html(decode_html(body, None).text)
        if tree is None:
            continue
        found = typed_inputs(body, url)
        signals, text = found if found is not None else (read_signals(tree, url), "")
        values = features(signals, text)
        names = list(values)
        rows.append([values[n] for n in names])
        primary = truth["_internal"]["page_type"]["primary"]
        labels.append("article" if primary == "article" else KIND_OF[primary])
        sites.append(site_of(url))
    return names, np.array(rows), np.array(labels), np.array(sites)


FOLDS, SHUFFLES = 5, 5
Model = dict[str, tuple[np.ndarray, float]]  # per kind: raw-scale weights and bias (above 0: an article, not that kind)


def fit(x: np.ndarray, labels: np.ndarray, c: float) -> Model:
    """One class-balanced multinomial logistic regression over the articles and every kind at once; a kind's score
    is the article's linear score minus that kind's (above 0: more an article than that kind), on the raw scale."""
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(scaler.transform(x), labels)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    classes = list(model.classes_)
    article = classes.index("article")
    found = {}
    for kind in sorted(set(classes) - {"article"}):
        weights = (model.coef_[article] - model.coef_[classes.index(kind)]) / scale
        bias = model.intercept_[article] - model.intercept_[classes.index(kind)] - np.sum(weights * scaler.mean_)
        found[kind] = (weights, float(bias))
    return found


def scores(model: Model, x: np.ndarray) -> np.ndarray:
    """Each page's score: its lowest over the kinds (an article must score above every kind's model)."""
    return np.min(np.stack([x @ weights + bias for weights, bias in model.values()]), axis=0)


def folds(labels: np.ndarray, sites: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (train, test) indices of `FOLDS` folds stratified by kind, each site's pages all in one fold."""
    return list(StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed).split(labels, labels, sites))


def out_of_sample_scores(x: np.ndarray, labels: np.ndarray, sites: np.ndarray, c: float, seed: int) -> np.ndarray:
    """Each page's score by the models fitted on the other folds (folds stratified by kind; a site's pages all in
    one fold, so that a page is scored by a model that has seen nothing of its site)."""
    found = np.zeros(len(labels))
    for train, test in folds(labels, sites, seed):
        found[test] = scores(fit(x[train], labels[train], c), x[test])
    return found


def fit_weights(x: np.ndarray, labels: np.ndarray, sites: np.ndarray, c: float, keep: float) -> tuple[Model, float, float]:
    """The models fitted on every page, the shift of their biases that keeps `keep` of the articles out of sample,
    and the share of other pages refused out of sample at that shift."""
    model = fit(x, labels, c)
    articles = labels == "article"
    shifts, refused = [], []
    for seed in range(SHUFFLES):
        found = out_of_sample_scores(x, labels, sites, c, seed)
        cut = float(np.quantile(found[articles], 1 - keep))
        shifts.append(cut)
        refused.append(float(np.mean(found[~articles] <= cut)))
    return model, float(np.mean(shifts)), float(np.mean(refused))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wcxb", type=Path, help="the WCXB dev directory (ground-truth/, html/)")
    parser.add_argument("--keep", type=float, default=0.98, help="share of tuning articles to keep out of sample")
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    names, x, labels, sites = tuning_rows(args.wcxb, args.limit)
    model, shift, refused = fit_weights(x, labels, sites, args.c, args.keep)
    articles = int(np.sum(labels == "article"))
    print(f'''"""The page-type decision's weights, one linear score per kind of non-article (`pagetype.py` weighs them).

Printed by `scripts/fit_pagetype.py --c {args.c} --keep {args.keep}` on WCXB's tuning part ({len(labels)} pages, {articles}
articles), raw-scale weights; the biases shifted so that {args.keep:.0%} of the tuning articles score above 0 when
scored by models fitted without them, where {refused:.3f} of the other tuning pages are refused.
"""

from __future__ import annotations
''')
    print("WEIGHTS: dict[str, dict[str, float]] = {")
    for kind, (weights, _) in model.items():
        print(f'    "{kind}": {{')
        for name, weight in zip(names, weights, strict=True):
            print(f'        "{name}": {weight:.4f},')
        print("    },")
    print("}")
    print("BIAS: dict[str, float] = {" + ", ".join(f'"{k}": {b - shift:.4f}' for k, (_, b) in model.items()) + "}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
