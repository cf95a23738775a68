"""Split labelled relevance sets at random into a tuning half and a held-back half, once.

    .venv/bin/python scripts/split_labelled.py [--seed 1313]

Reads tests/data/relevance/news_default.toml and news_batteries.toml, shuffles each
(language, label) stratum with a fixed seed, and writes the two halves' ids to
tests/data/relevance/splits.toml. The split is committed before any tuning: the
held-back half is only scored once the method is fixed (`scrapy evalprofile --split held`).
"""

from __future__ import annotations

import argparse
import random
import tomllib
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "relevance"
SETS = ("news_default", "news_batteries")


def split(articles: list[dict[str, object]], rng: random.Random) -> tuple[list[str], list[str]]:
    """Half of each (lang, on_topic) stratum to tuning, the rest held back; ids in file order."""
    strata: dict[tuple[object, object], list[str]] = defaultdict(list)
    for a in articles:
        strata[(a["lang"], a["on_topic"])].append(str(a["id"]))
    tune: set[str] = set()
    for key in sorted(strata, key=str):
        ids = strata[key][:]
        rng.shuffle(ids)
        tune.update(ids[: len(ids) // 2])
    order = [str(a["id"]) for a in articles]
    return [i for i in order if i in tune], [i for i in order if i not in tune]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1313)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = [f"# Written by scripts/split_labelled.py --seed {args.seed}; do not edit by hand.", ""]
    for name in SETS:
        articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
        tune, held = split(articles, rng)
        lines += [f"[{name}]", "tune = [", *(f'  "{i}",' for i in tune), "]", "held = [", *(f'  "{i}",' for i in held), "]", ""]
        print(f"{name}: {len(tune)} tuning, {len(held)} held back")
    (DATA / "splits.toml").write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    main()
