from __future__ import annotations

from crawler.scheduling.revisit import ARTICLE, STRUCTURE, RevisitConfig, is_due, next_interval

CONFIG = RevisitConfig(structure_interval=3600, min_interval=900, max_interval=86400, article_interval=30 * 86400)


def test_structure_interval_adapts_to_change_within_bounds() -> None:
    assert next_interval(STRUCTURE, True, 0, CONFIG) == 3600
    assert next_interval(STRUCTURE, True, 3600, CONFIG) == 1800
    assert next_interval(STRUCTURE, False, 3600, CONFIG) == 7200
    assert next_interval(STRUCTURE, True, 1000, CONFIG) == 900
    assert next_interval(STRUCTURE, False, 80000, CONFIG) == 86400


def test_articles_are_revisited_rarely() -> None:
    assert next_interval(ARTICLE, True, 60, CONFIG) == 30 * 86400


def test_due_by_time_or_by_a_newer_listing() -> None:
    assert is_due(now=100, next_visit=50, listed_at=None, fetched_at=10)
    assert not is_due(now=100, next_visit=500, listed_at=None, fetched_at=10)
    assert is_due(now=100, next_visit=500, listed_at=20, fetched_at=10)
    assert not is_due(now=100, next_visit=500, listed_at=5, fetched_at=10)
