"""Write the default profile's example articles from the tuning halves of the default topic's labelled sets.

    .venv/bin/python scripts/profile_examples.py [--check]

The topic model (crawler/relevance/model.py) learns what the topic looks like
from a profile's examples; 18 written in the profile are too few for it to read
a new wording of the topic with confidence. The labelled sets written for the
default topic (tests/data/relevance) hold a few hundred more: this script copies
the tuning half of each split set (splits.toml) and the whole of labelled.toml,
which has no held-back half, into crawler/profiles/default_examples.toml, which
the profile reads through `examples_from`. Held-back halves are never copied, so
they still measure the model on articles it has not seen. `--check` exits 1 when
the file differs from what this script would write (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "relevance"
TARGET = ROOT / "crawler" / "profiles" / "default_examples.toml"
SPLIT_SETS = (
    "news_default",
    "news_default_stories",
    "news_default_fresh",
    "news_default_fourth",
    "news_default_fifth",
    "news_default_sixth",
)
WHOLE_SETS = ("labelled",)  # looked at and tuned on from the start; no held-back half
HEADER = """\
# Example articles of the default profile's topic model (`examples_from` in default.toml): the tuning halves
# of the labelled sets in tests/data/relevance and the whole of labelled.toml, never a held-back half.
# Written by scripts/profile_examples.py; do not edit by hand. Ids are `SET/ID` of the set they come from.
"""


def _string(text: str) -> str:
    """A TOML string of `text`: a multi-line literal when it can be one (readable), else an escaped basic string."""
    if "'''" not in text and not text.endswith("'") and "\r" not in text:
        return f"'''\n{text}'''"
    return json.dumps(text, ensure_ascii=False)


def chosen() -> list[tuple[str, dict[str, object]]]:
    """(set name, article) of every article the profile's examples take, in set and file order."""
    splits = tomllib.loads((DATA / "splits.toml").read_text("utf-8"))
    picked = []
    for name in (*SPLIT_SETS, *WHOLE_SETS):
        articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
        tune = set(splits[name]["tune"]) if name in SPLIT_SETS else None
        picked.extend((name, a) for a in articles if tune is None or a["id"] in tune)
    return picked


def render() -> str:
    blocks = [HEADER]
    for name, a in chosen():
        ident, label = json.dumps(f"{name}/{a['id']}"), str(bool(a["on_topic"])).lower()
        title, text = json.dumps(str(a["title"]), ensure_ascii=False), _string(str(a["text"]).strip())
        blocks.append(f"[[article]]\nid = {ident}\non_topic = {label}\ntitle = {title}\ntext = {text}\n")
    text = "\n".join(blocks)
    tomllib.loads(text)  # refuses to write a file that does not read back
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is not what would be written")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text("utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/profile_examples.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, "utf-8")
    print(f"wrote {len(chosen())} articles to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
