from __future__ import annotations

from datetime import UTC, datetime

from crawler.scheduling.revisit import ARTICLE, STRUCTURE, RevisitConfig, changed_by, is_due, next_interval

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
    assert is_due(now=100, next_visit=50, changed=None, fetched_at=10)
    assert not is_due(now=100, next_visit=500, changed=None, fetched_at=10)
    assert is_due(now=100, next_visit=500, changed=20, fetched_at=10)
    assert not is_due(now=100, next_visit=500, changed=5, fetched_at=10)


def at(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_a_listed_date_means_the_latest_instant_of_its_span() -> None:
    fetched = at("2026-12-02T06:18:19.500+00:00")
    # Written to the second: a change at 06:18:19.8, after a fetch at 06:18:19.5, is listed as 06:18:19.
    assert is_due(now=fetched + 5, next_visit=fetched + 3600, changed=changed_by("2026-12-02T06:18:19+00:00"), fetched_at=fetched)
    assert not is_due(fetched + 5, fetched + 3600, changed_by("2026-12-02T06:18:18+00:00"), fetched)
    assert changed_by("2026-12-02T06:18:19.250000+00:00") == at("2026-12-02T06:18:19.25+00:00")
    # A bare day (sitemaps' W3C date, kept as midnight) is any instant of that day.
    assert changed_by("2026-12-02T00:00:00+00:00") == datetime(2026, 12, 3, tzinfo=UTC).timestamp()
    assert is_due(fetched + 5, fetched + 3600, changed_by("2026-12-02T00:00:00+00:00"), fetched)
    assert not is_due(fetched + 5, fetched + 3600, changed_by("2026-12-01T00:00:00+00:00"), fetched)
    assert changed_by("2026-12-02T06:18:19Z") == at("2026-12-02T06:18:20+00:00")
    assert changed_by(None) is None and changed_by("") is None and changed_by("yesterday") is None
