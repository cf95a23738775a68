from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.relevance.window import DateWindow, parse_day

WINDOW = DateWindow(since=date(2018, 1, 1), until=date(2020, 12, 31))


@pytest.mark.parametrize(
    ("published", "verdict"),
    [
        ("2017-12-31T23:30:00-05:00", "too_old"),  # the day as declared, not shifted to UTC
        ("2018-01-01", None),
        ("2019-06-15T10:00:00+02:00", None),
        ("2020-12-31T23:59:59", None),
        ("2021-01-01T00:00:00Z", "too_new"),
        (None, None),
        ("", None),
        ("yesterday", None),
    ],
)
def test_verdict(published: str | None, verdict: str | None) -> None:
    assert WINDOW.verdict(published) == verdict


def test_open_window_keeps_everything() -> None:
    assert DateWindow().verdict("1990-01-01") is None


def test_parse_day_reads_toml_dates_and_strings() -> None:
    assert parse_day(date(2012, 1, 1)) == date(2012, 1, 1)
    assert parse_day(datetime(2012, 1, 1, 5)) == date(2012, 1, 1)
    assert parse_day("2012-01-01T00:00:00+01:00") == date(2012, 1, 1)
    assert parse_day("2012") is None


def test_since_override() -> None:
    assert WINDOW.with_since("2019-05-01").since == date(2019, 5, 1)
    assert WINDOW.with_since("") == WINDOW
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        WINDOW.with_since("May 2019")
