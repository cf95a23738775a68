"""Leave one set out: does the default profile's topic model read new wordings better with more examples?

    .venv/bin/python scripts/cross_validate_examples.py [--threshold 0.6] [--no-learn] [-v]

The folds are the tuning halves of the default topic's labelled sets and
labelled.toml (the articles scripts/profile_examples.py ships with the profile;
never a held-back half). For each fold, the crawl's judgement (`TopicJudge`, as
`scrapy evalprofile` runs it) is scored on the fold twice: with the profile's own
18 examples only, and with those and the other folds' articles as examples. Each
fold tells stories the others do not (the later sets were written to tell new
ones), so the second line measures what shipping the labelled articles does for
articles written in wordings the model has not read. Prints precision and recall
per fold and over all folds.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.relevance.judge import TopicJudge  # noqa: E402
from crawler.relevance.labelled import LabelledArticle, Scores, evaluate, read_labelled  # noqa: E402
from crawler.relevance.profile import Profile, load_profile, parse_profile  # noqa: E402
from crawler.relevance.profile_examples import Example  # noqa: E402
from scripts.profile_examples import DATA, SPLIT_SETS, WHOLE_SETS  # noqa: E402

FOLDS = (*SPLIT_SETS, *WHOLE_SETS)  # the sets whose tuning halves (labelled.toml: whole) are the examples


def folds() -> dict[str, list[LabelledArticle]]:
    return {name: read_labelled(DATA / f"{name}.toml", None if name == "labelled" else "tune") for name in FOLDS}


def own_examples() -> tuple[Example, ...]:
    """The default profile's inline examples, without its `examples_from` files."""
    text = (ROOT / "crawler" / "profiles" / "default.toml").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("examples_from")]
    return parse_profile("\n".join(lines)).examples


def score(profile: Profile, examples: tuple[Example, ...], articles: list[LabelledArticle], learn: bool) -> Scores:
    judge = TopicJudge(profile, examples)

    def decide(a: LabelledArticle) -> tuple[bool, str]:
        judgement = judge.judge(a.title, a.text, learn=learn)
        return judgement.relevant, judgement.why()

    return evaluate(articles, decide)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, help="the profile's model.threshold (default: the profile's)")
    parser.add_argument("--no-learn", action="store_true", help="do not learn from confident decisions")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the articles judged wrong")
    args = parser.parse_args()
    profile = load_profile()
    if args.threshold is not None:
        profile = dataclasses.replace(profile, model=dataclasses.replace(profile.model, threshold=args.threshold))
    sets, own = folds(), own_examples()
    for label, extra in (("the profile's 18 examples", False), ("and the other folds' articles", True)):
        total = Scores()
        print(label)
        for name, articles in sets.items():
            more = tuple(Example(a.title, a.text, a.on_topic) for n, arts in sets.items() if n != name for a in arts)
            scores = score(profile, own + (more if extra else ()), articles, learn=not args.no_learn)
            print(f"  {name:22s} {scores.line()}")
            for line in scores.wrong if args.verbose else ():
                print(f"    {line}")
            total.tp, total.fp, total.fn, total.tn = (
                total.tp + scores.tp, total.fp + scores.fp, total.fn + scores.fn, total.tn + scores.tn
            )
        print(f"  {'all folds':22s} {total.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
