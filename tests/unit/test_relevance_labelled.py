"""The default profile on a labelled set of articles written by the project (tests/data/relevance/labelled.toml)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from crawler.relevance.profile import load_profile
from crawler.relevance.scoring import score_article

LABELLED = Path(__file__).resolve().parents[1] / "data" / "relevance" / "labelled.toml"
ARTICLES: list[dict[str, Any]] = tomllib.loads(LABELLED.read_text("utf-8"))["article"]
HARD_NEGATIVES = {"phone-review", "results", "other-sanctions", "boilerplate", "name-clash", "passing-mention"}


def confusion() -> tuple[Counter[str], list[str]]:
    profile = load_profile()
    counts: Counter[str] = Counter()
    wrong = []
    for article in ARTICLES:
        verdict = score_article(article["title"], article["text"], profile)
        key = ("t" if verdict.relevant == article["on_topic"] else "f") + ("p" if verdict.relevant else "n")
        counts[key] += 1
        if key[0] == "f":
            wrong.append(f"{article['id']} (score {verdict.score}, missing {verdict.missing_groups})")
    return counts, wrong


def test_the_set_is_big_bilingual_and_hard() -> None:
    assert len(ARTICLES) >= 60
    assert len({a["id"] for a in ARTICLES}) == len(ARTICLES)
    by_label = Counter((a["lang"], a["on_topic"]) for a in ARTICLES)
    assert all(by_label[(lang, label)] >= 12 for lang in ("fr", "en") for label in (True, False)), by_label
    assert HARD_NEGATIVES <= {a["kind"] for a in ARTICLES if not a["on_topic"]}


def test_precision_and_recall_of_the_default_profile() -> None:
    counts, wrong = confusion()
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    assert precision >= 0.95 and recall >= 0.95, f"precision {precision:.3f}, recall {recall:.3f}; wrong: {wrong}"
