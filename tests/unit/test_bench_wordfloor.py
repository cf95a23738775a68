"""scripts/bench_wordfloor.py judges a page as the crawl's extract and validate stages do, under both floors."""

from __future__ import annotations

from scripts.bench_wordfloor import FLOORS, judge
from tests.component.test_pipelines import BRIEF


def test_a_declared_brief_is_kept_by_the_brief_rule_only() -> None:
    judged = judge(BRIEF.format(declared='<meta property="og:type" content="article">').encode(), "https://a.org/b")
    assert "ZTE" in judged.text
    assert judged.kept == {"flat 60": False, "brief rule": True}
    assert set(judged.kept) == set(FLOORS)


def test_an_undeclared_brief_and_an_empty_page_are_kept_by_neither() -> None:
    assert set(judge(BRIEF.format(declared="").encode(), "https://a.org/b").kept.values()) == {False}
    assert set(judge(b"<html><body></body></html>", "https://a.org/e").kept.values()) == {False}
