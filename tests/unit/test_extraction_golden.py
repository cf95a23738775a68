"""Golden extraction files: each tests/golden/NAME.html has NAME.json with the fields expected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extraction.extract import extract_page

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CASES = sorted(GOLDEN.glob("*.html"))
# Cruft from the sample documents that must never survive extraction.
CRUFT = (
    "Partager", "Écouter cet épisode", "Tous les podcasts", "offres d’emploi", "H/F", "Tout voir",
    "Proposé par", "ARTICLES LES PLUS LUS", "Sujets associés", "/Photo prise le", "REUTERS/", "Most read",
    "Sign up", "Share", "Credit:", "Teilen mit", "Lesen Sie auch", "Anzeige", "Newsletter", "Weitere Artikel",
    "Cookies", "Foto: dpa", "15.10.2019",
)


def test_there_are_golden_pages() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("page", CASES, ids=[c.stem for c in CASES])
def test_golden_page(page: Path) -> None:
    spec = json.loads(page.with_suffix(".json").read_text("utf-8"))
    found = extract_page(page.read_bytes(), spec["url"], spec["content_type"]).fields()
    for key, value in spec["expected"].items():
        assert found[key] == value, key
    assert not [c for c in CRUFT if c in found["text"]]
    assert "\ufffd" not in found["text"]
    paragraphs = found["text"].split("\n")
    assert len(paragraphs) == len(set(paragraphs)), "a paragraph is repeated"
