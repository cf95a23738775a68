r"""Extraction quality: the project's extraction against plain trafilatura, in one run.

    python scripts/bench_extraction.py ../shared/benchmarks/scrapinghub
    python scripts/bench_extraction.py ../shared/benchmarks/trafilatura-eval [--part tune|held|all] [--limit N]
    python scripts/bench_extraction.py ../shared/benchmarks/wcxb/dev [--part tune|held|all] [--limit N]

scrapinghub (ground-truth.json): F1, precision, recall of 4-token shingles (the
benchmark's own metric), empty outputs, median ms per page. trafilatura-eval
(evaldata.json): `with` snippets found and `without` snippets leaked, its pages
split into the same two parts as WCXB's by their file name. The
baseline is `trafilatura.extract(html, deduplicate=False)` with default settings.
WCXB (ground-truth/NNNN.json): bag-of-words F1 against `main_content` (lowercase
`\w+` tokens, mean over pages), overall and per page type, and the page-type
decision: the share of article pages kept and of other pages refused. Its pages
are split once by a hash of the file name into a tuning part (~70%) and a
held-back part (~30%, `wcxb_part`): decisions are tuned on the first only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extraction.extract import ExtractConfig, ExtractionFailed, extract_page  # noqa: E402

Extractor = Callable[[bytes, str], str]
_TOKEN = re.compile(r"\w+")


def project_extract(body: bytes, url: str, config: ExtractConfig | None = None) -> str:
    """The crawl's extraction stage; an empty string where it finds no article."""
    try:
        return extract_page(body, url, None, config).text
    except ExtractionFailed:
        return ""


class RefusalCount:
    """The project's extraction, counting the pages its page-type decision refuses (their text is still scored)."""

    def __init__(self) -> None:
        self.refused: Counter[str] = Counter()

    def __call__(self, body: bytes, url: str) -> str:
        try:
            found = extract_page(body, url)
        except ExtractionFailed:
            return ""
        if not found.page_type.is_article:
            self.refused[found.page_type.kind] += 1
        return found.text


def baseline_extract(body: bytes, url: str) -> str:
    """Plain trafilatura, default settings, its own deduplication off."""
    return trafilatura.extract(body, url=url, deduplicate=False) or ""


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles; a shorter text is one shingle."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def precision_recall(predicted: str, truth: str) -> tuple[float, float]:
    """One document's shingle precision and recall (1.0 when both are empty)."""
    pred, gold = shingles(predicted), shingles(truth)
    tp = sum((pred & gold).values())
    fp, fn = sum(pred.values()) - tp, sum(gold.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


@dataclass
class Tally:
    """Running totals for one extractor over one dataset."""

    name: str
    precisions: list[float] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)
    empty: int = 0
    millis: list[float] = field(default_factory=list)
    found: int = 0
    leaked: int = 0

    def f1(self) -> tuple[float, float, float]:
        p = statistics.fmean(self.precisions) if self.precisions else 0.0
        r = statistics.fmean(self.recalls) if self.recalls else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r


def timed(extractor: Extractor, body: bytes, url: str, tally: Tally) -> str:
    start = time.perf_counter()
    text = extractor(body, url)
    tally.millis.append((time.perf_counter() - start) * 1000)
    return text


def scrapinghub_pages(root: Path, limit: int | None) -> Iterator[tuple[bytes, str, str]]:
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for key in sorted(truth)[:limit]:
        body = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield body, truth[key]["url"], truth[key].get("articleBody") or ""


def run_scrapinghub(root: Path, extractors: dict[str, Extractor], limit: int | None = None) -> list[Tally]:
    tallies = {name: Tally(name) for name in extractors}
    for body, url, truth in scrapinghub_pages(root, limit):
        for name, extractor in extractors.items():
            tally = tallies[name]
            text = timed(extractor, body, url, tally)
            precision, recall = precision_recall(text, truth)
            if text.strip():
                tally.precisions.append(precision)
            else:
                tally.empty += 1
            if truth.strip():
                tally.recalls.append(recall)
    return list(tallies.values())


def _squash(text: str) -> str:
    return " ".join(text.split())


def run_trafilatura_eval(
    root: Path, extractors: dict[str, Extractor], limit: int | None = None, part: str = "all"
) -> list[Tally]:
    data = json.loads((root / "evaldata.json").read_text("utf-8"))
    tallies = {name: Tally(name) for name in extractors}
    for url in sorted(data)[:limit]:
        spec = data[url]
        if part != "all" and wcxb_part(spec["file"]) != part:
            continue
        body = gzip.decompress((root / "html" / f"{spec['file']}.gz").read_bytes())
        for name, extractor in extractors.items():
            tally = tallies[name]
            text = _squash(timed(extractor, body, url, tally))
            tally.empty += not text
            tally.found += sum(_squash(s) in text for s in spec.get("with", []))
            tally.leaked += sum(_squash(s) in text for s in spec.get("without", []))
    return list(tallies.values())


THRESHOLDS = (-2.0, -1.0, 0.0, 1.0)  # page-type thresholds whose trade-off is printed
WCXB_HELD_BACK_SHARE = 3  # tenths of the WCXB pages held back from tuning


def wcxb_part(file_id: str) -> str:
    """The part of a benchmark a page is in, "held" or "tune": a fixed split by a hash of the page's file name, ~30/70.

    WCXB's pages and trafilatura-eval's are split this way."""
    digest = hashlib.blake2b(file_id.encode("utf-8"), digest_size=8).digest()
    return "held" if digest[0] % 10 < WCXB_HELD_BACK_SHARE else "tune"


def bag_f1(predicted: str, truth: str) -> tuple[float, float, float]:
    """WCXB's metric for one page: bag-of-words precision, recall, F1 of lowercase \\w+ tokens."""
    pred, gold = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(truth.lower()))
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    tp = sum((pred & gold).values())
    precision = tp / sum(pred.values()) if pred else 0.0
    recall = tp / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class WcxbPage:
    """One WCXB page's scores: F1 of each extractor, and whether the project took it for an article."""

    file_id: str
    page_type: str
    part: str
    f1: dict[str, float]
    kept: bool
    score: float = 0.0  # the page-type score (above PAGETYPE_THRESHOLD: an article)


def wcxb_pages(root: Path, limit: int | None) -> Iterator[tuple[str, dict[str, object], bytes]]:
    for path in sorted((root / "ground-truth").glob("*.json"))[:limit]:
        truth = json.loads(path.read_text("utf-8"))
        yield path.stem, truth, gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())


def run_wcxb(root: Path, part: str = "all", limit: int | None = None, with_baseline: bool = True) -> list[WcxbPage]:
    """Score every page of the chosen part: the project's text and page type, and plain trafilatura's text."""
    pages: list[WcxbPage] = []
    for file_id, truth, body in wcxb_pages(root, limit):
        page_part = wcxb_part(file_id)
        if part != "all" and page_part != part:
            continue
        url = str(truth.get("url") or "")
        reference = str(truth["ground_truth"].get("main_content") or "")  # type: ignore[attr-defined]
        score = float("-inf")
        try:
            found = extract_page(body, url)
            text, kept, score = found.text, found.page_type.is_article, found.page_type.score
        except ExtractionFailed:
            text, kept = "", False
        scores = {"project": bag_f1(text, reference)[2]}
        if with_baseline:
            scores["trafilatura"] = bag_f1(baseline_extract(body, url), reference)[2]
        kind = str(truth["_internal"]["page_type"]["primary"])  # type: ignore[index]
        pages.append(WcxbPage(file_id, kind, page_part, scores, kept, score))
    return pages


def report_wcxb(pages: list[WcxbPage]) -> None:
    """F1 per page type for each extractor; articles kept and other pages refused, per part."""
    names = list(pages[0].f1) if pages else []
    kinds = sorted({p.page_type for p in pages}, key=lambda k: (k != "article", k))
    for kind in [*kinds, "all"]:
        chosen = [p for p in pages if kind in ("all", p.page_type)]
        figures = "  ".join(f"{n} F1 {statistics.fmean(p.f1[n] for p in chosen):.4f}" for n in names)
        print(f"wcxb  {kind:13} pages {len(chosen):4d}  {figures}")
    articles = [p for p in pages if p.page_type == "article"]
    if articles:  # a refused article's text never reaches the output: it scores as an empty prediction
        as_output = statistics.fmean(p.f1["project"] if p.kept else 0.0 for p in articles)
        print(f"wcxb  article pages' F1 of the project's output, refused articles counting 0: {as_output:.4f}")
    for part in ("tune", "held", "all"):
        chosen = [p for p in pages if part in ("all", p.part)]
        arts = [p for p in chosen if p.page_type == "article"]
        others = [p for p in chosen if p.page_type != "article"]
        if not arts or not others:
            continue
        kept = sum(p.kept for p in arts) / len(arts)
        refused = sum(not p.kept for p in others) / len(others)
        per_kind = "  ".join(
            f"{k} {sum(not p.kept for p in others if p.page_type == k)}/{sum(p.page_type == k for p in others)}"
            for k in kinds if k != "article"
        )
        print(f"wcxb  page type [{part:4}] articles kept {kept:.3f} ({len(arts)})  "
              f"non-articles refused {refused:.3f} ({len(others)})  refused by type: {per_kind}")
        curve = "  ".join(
            f"{t:+.1f}: {sum(p.score > t for p in arts) / len(arts):.3f}/{sum(p.score <= t for p in others) / len(others):.3f}"
            for t in THRESHOLDS
        )
        print(f"wcxb  page type [{part:4}] kept/refused at other PAGETYPE_THRESHOLD values  {curve}")


def report(dataset: str, tallies: list[Tally]) -> None:
    base = tallies[-1]
    base_ms = statistics.median(base.millis) if base.millis else 0.0
    for tally in tallies:
        ms = statistics.median(tally.millis) if tally.millis else 0.0
        ratio = ms / base_ms if base_ms else 0.0
        if dataset == "scrapinghub":
            f1, p, r = tally.f1()
            print(f"{dataset:12} {tally.name:12} F1 {f1:.4f}  precision {p:.4f}  recall {r:.4f}  "
                  f"empty {tally.empty:3d}  median {ms:6.1f} ms/page ({ratio:.2f}x baseline)")
        else:
            print(f"{dataset:12} {tally.name:12} with found {tally.found:5d}  without leaked {tally.leaked:4d}  "
                  f"empty {tally.empty:3d}  median {ms:6.1f} ms/page ({ratio:.2f}x baseline)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="a benchmark directory (scrapinghub, trafilatura-eval, wcxb/dev)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--part", choices=("all", "tune", "held"), default="all", help="WCXB, trafilatura-eval: which part of the split"
    )
    args = parser.parse_args(argv)
    counted = RefusalCount()
    extractors: dict[str, Extractor] = {"project": counted, "trafilatura": baseline_extract}
    if (args.dataset / "ground-truth.json").is_file():
        report("scrapinghub", run_scrapinghub(args.dataset, extractors, args.limit))
    elif (args.dataset / "ground-truth").is_dir():
        report_wcxb(run_wcxb(args.dataset, args.part, args.limit))
    elif (args.dataset / "evaldata.json").is_file():
        report("traf-eval", run_trafilatura_eval(args.dataset, extractors, args.limit, args.part))
    else:
        parser.error(f"{args.dataset}: neither ground-truth.json, ground-truth/ nor evaldata.json found")
    if (args.dataset / "ground-truth").is_dir():
        return 0
    # scrapinghub and trafilatura-eval hold articles: a page refused there is an article lost by the crawl
    print(f"page type: {sum(counted.refused.values())} pages refused as not articles {dict(counted.refused)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
