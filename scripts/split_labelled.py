"""Split labelled relevance sets at random into a tuning half and a held-back half, by story, once.

    .venv/bin/python scripts/split_labelled.py SET [SET ...] [--seed 1313]

SET is the name of a set in tests/data/relevance (`news_default_stories`). Articles
that report the same story (the same `story` value: an article and its translation)
always fall in the same half, so the held-back half never holds the twin of a tuning
article; an article without `story` is a story of its own. The stories of each label
are shuffled with a fixed seed and taken into the tuning half until it holds half of
that label's articles. Only the named sets' entries of tests/data/relevance/splits.toml
are rewritten; the others are kept as they are. The split is committed before any
tuning: the held-back half is scored once the method is fixed
(`scrapy evalprofile PROFILE SET.toml --split held`).
"""

from __future__ import annotations

import argparse
import random
import tomllib
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "relevance"


def stories(articles: list[dict[str, object]]) -> dict[str, list[str]]:
    """Article ids by story, in file order; an article without `story` is its own story."""
    found: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        found[str(a.get("story") or f"id:{a['id']}")].append(str(a["id"]))
    return found


def split(articles: list[dict[str, object]], rng: random.Random) -> tuple[list[str], list[str]]:
    """Whole stories to the tuning half until it holds half of each label's articles; ids in file order."""
    label = {str(a["id"]): bool(a["on_topic"]) for a in articles}
    by_story = stories(articles)
    for story, ids in by_story.items():
        if len({label[i] for i in ids}) > 1:
            raise ValueError(f"story {story!r} mixes on-topic and off-topic articles")
    tune: set[str] = set()
    for on_topic in (True, False):
        names = sorted(s for s, ids in by_story.items() if label[ids[0]] is on_topic)
        rng.shuffle(names)
        target = sum(len(by_story[s]) for s in names) / 2
        taken = 0
        for name in names:
            if taken + len(by_story[name]) <= target + 0.5:
                tune.update(by_story[name])
                taken += len(by_story[name])
    order = [str(a["id"]) for a in articles]
    return [i for i in order if i in tune], [i for i in order if i not in tune]


def _section(name: str, tune: list[str], held: list[str]) -> list[str]:
    return [f"[{name}]", "tune = [", *(f'  "{i}",' for i in tune), "]", "held = [", *(f'  "{i}",' for i in held), "]", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="names of sets in tests/data/relevance (without .toml)")
    parser.add_argument("--seed", type=int, default=1313)
    args = parser.parse_args()
    path = DATA / "splits.toml"
    kept = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    rng = random.Random(args.seed)
    for name in args.sets:
        articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
        tune, held = split(articles, rng)
        kept[name] = {"tune": tune, "held": held, "seed": args.seed}
        print(f"{name}: {len(tune)} tuning, {len(held)} held back ({len(stories(articles))} stories)")
    lines = ["# Written by scripts/split_labelled.py (the seed of each set in its section); do not edit by hand.", ""]
    for name, halves in kept.items():
        lines += [f"# seed {halves.get('seed', 1313)}", *_section(name, list(halves["tune"]), list(halves["held"]))]
    path.write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    main()
