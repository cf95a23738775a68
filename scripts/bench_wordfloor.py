"""What validation's word floor lets through, on labelled pages: one floor for every text, against the brief rule.

    python scripts/bench_wordfloor.py ../shared/benchmarks/wcxb/dev [--part tune|held|all] [--limit N]
    python scripts/bench_wordfloor.py ../shared/benchmarks/trafilatura-eval [--part tune|held|all] [--limit N]

Each page is extracted once, as the crawl does (`extract_page`: its text, page type and quality flags), then
judged as the crawl's extract and validate stages judge it: kept when its page type says article and its text
has at least the floor's words. Two floors side by side: VALIDATE_MIN_WORDS for every text (the rule before
briefs), and crawler/extraction/wordfloor.py (a declared, whole brief needs VALIDATE_BRIEF_MIN_WORDS).

WCXB: articles kept and other pages refused, per floor (the page-type decision alone is bench_extraction's).
trafilatura-eval (articles and blog posts): pages kept, and in the kept texts the `with` snippets found and the
`without` snippets leaked, per floor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler import settings  # noqa: E402
from crawler.extraction.extract import ExtractionFailed, extract_page  # noqa: E402
from crawler.extraction.wordfloor import BriefSigns, WordFloor, word_floor  # noqa: E402
from crawler.text.words import count_words  # noqa: E402
from scripts.bench_extraction import _squash, wcxb_pages, wcxb_part  # noqa: E402

FLOORS = {
    f"flat {settings.VALIDATE_MIN_WORDS}": WordFloor(settings.VALIDATE_MIN_WORDS, settings.VALIDATE_MIN_WORDS),
    "brief rule": WordFloor(settings.VALIDATE_MIN_WORDS, settings.VALIDATE_BRIEF_MIN_WORDS,
                            settings.VALIDATE_BRIEF_MIN_SCORE),
}


@dataclass
class Judged:
    """A page as the crawl judges it under each floor."""

    text: str
    kept: dict[str, bool] = field(default_factory=dict)


def judge(body: bytes, url: str) -> Judged:
    try:
        found = extract_page(body, url)
    except ExtractionFailed:
        return Judged("", {name: False for name in FLOORS})
    signs = BriefSigns(found.declared_article, found.page_type.score - settings.PAGETYPE_THRESHOLD, found.quality_flags)
    words = count_words(found.text)
    return Judged(found.text, {name: found.page_type.is_article and words >= word_floor(floor, signs)
                               for name, floor in FLOORS.items()})


def run_wcxb(root: Path, part: str, limit: int | None) -> None:
    kept = {name: [0, 0] for name in FLOORS}  # articles kept, other pages let through
    articles = others = 0
    for file_id, truth, body in wcxb_pages(root, limit):
        if part != "all" and wcxb_part(file_id) != part:
            continue
        article = truth["_internal"]["page_type"]["primary"] == "article"  # type: ignore[index]
        articles, others = articles + article, others + (not article)
        for name, through in judge(body, str(truth.get("url") or "")).kept.items():
            kept[name][0 if article else 1] += through
    for name, (arts, other) in kept.items():
        print(f"wcxb [{part}] {name:11}  articles kept {arts}/{articles} = {arts / max(1, articles):.3f}  "
              f"non-articles refused {others - other}/{others} = {(others - other) / max(1, others):.3f}")


def run_trafilatura_eval(root: Path, part: str, limit: int | None) -> None:
    data = json.loads((root / "evaldata.json").read_text("utf-8"))
    tallies = {name: [0, 0, 0] for name in FLOORS}  # pages kept, found, leaked
    pages = 0
    for url in sorted(data)[:limit]:
        spec = data[url]
        if part != "all" and wcxb_part(spec["file"]) != part:
            continue
        pages += 1
        judged = judge(gzip.decompress((root / "html" / f"{spec['file']}.gz").read_bytes()), url)
        text = _squash(judged.text)
        for name, through in judged.kept.items():
            if through:
                tally = tallies[name]
                tally[0] += 1
                tally[1] += sum(_squash(s) in text for s in spec.get("with", []))
                tally[2] += sum(_squash(s) in text for s in spec.get("without", []))
    for name, (kept, found, leaked) in tallies.items():
        print(f"traf-eval [{part}] {name:11}  pages kept {kept}/{pages}  with found {found}  without leaked {leaked}"
              "  (in kept texts)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="wcxb/dev or trafilatura-eval")
    parser.add_argument("--part", choices=("all", "tune", "held"), default="all", help="which part of the split")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    if (args.dataset / "ground-truth").is_dir():
        run_wcxb(args.dataset, args.part, args.limit)
    elif (args.dataset / "evaldata.json").is_file():
        run_trafilatura_eval(args.dataset, args.part, args.limit)
    else:
        parser.error(f"{args.dataset}: neither ground-truth/ nor evaldata.json found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
