"""scripts/split_labelled.py: a story's articles (translated twins) always land in the same half."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "split_labelled.py"
spec = importlib.util.spec_from_file_location("split_labelled", SCRIPT)
assert spec is not None and spec.loader is not None
split_labelled = importlib.util.module_from_spec(spec)
spec.loader.exec_module(split_labelled)


def _articles() -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for n in range(20):
        on_topic = n % 2 == 0
        for lang in ("en", "fr") if n < 12 else ("en",):
            found.append({"id": f"{lang}-{n}", "lang": lang, "on_topic": on_topic, "story": f"story-{n}"})
    found.append({"id": "alone", "lang": "fr", "on_topic": False})
    return found


@pytest.mark.parametrize("seed", [1, 2, 1313])
def test_twins_fall_in_the_same_half_and_halves_are_even(seed: int) -> None:
    articles = _articles()
    tune, held = split_labelled.split(articles, random.Random(seed))
    assert sorted(tune + held) == sorted(str(a["id"]) for a in articles) and not set(tune) & set(held)
    for n in range(12):
        assert (f"en-{n}" in tune) == (f"fr-{n}" in tune)
    for label in (True, False):
        ids = [str(a["id"]) for a in articles if a["on_topic"] is label]
        assert abs(sum(i in tune for i in ids) - len(ids) / 2) <= 1.5


def test_a_story_mixing_labels_is_refused() -> None:
    articles = [{"id": "a", "on_topic": True, "story": "s"}, {"id": "b", "on_topic": False, "story": "s"}]
    with pytest.raises(ValueError, match="mixes"):
        split_labelled.split(articles, random.Random(1))
