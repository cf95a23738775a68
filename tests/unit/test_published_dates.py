"""One form for publication dates: a date-time with its offset, or a date alone."""

from __future__ import annotations

import pytest

from crawler.extraction.published import normalise_published


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2020-07-29T10:15:00+02:00", ("2020-07-29T10:15:00+02:00", "datetime")),
        ("2020-07-29T10:15:00.123456+02:00", ("2020-07-29T10:15:00+02:00", "datetime")),
        ("2020-07-29T08:15:00Z", ("2020-07-29T08:15:00+00:00", "datetime")),
        ("2020-07-29 08:15:00-04:00", ("2020-07-29T08:15:00-04:00", "datetime")),
        ("Wed, 29 Jul 2020 10:15:00 +0200", ("2020-07-29T10:15:00+02:00", "datetime")),
        ("Wed, 29 Jul 2020 10:15:00 GMT", ("2020-07-29T10:15:00+00:00", "datetime")),
        ("2020-07-29", ("2020-07-29", "date")),
        ("2020/7/9", ("2020-07-09", "date")),
        # A time without a zone: the day is right, the instant is not known.
        ("2020-07-29T23:30:00", ("2020-07-29", "date")),
        ("Wed, 29 Jul 2020 10:15:00 -0000", ("2020-07-29", "date")),
        ("  2020-07-29  ", ("2020-07-29", "date")),
    ],
)
def test_normalised(given: str, expected: tuple[str, str]) -> None:
    assert normalise_published(given) == expected


@pytest.mark.parametrize("given", [None, "", "   ", "yesterday", "2020-13-45", "2020-02-30", "0001-01-01", "29/07/2020x"])
def test_unusable_dates_are_none(given: str | None) -> None:
    assert normalise_published(given) == (None, None)


def test_output_is_idempotent() -> None:
    for value in ("2020-07-29T10:15:00+02:00", "2020-07-29"):
        assert normalise_published(normalise_published(value)[0]) == normalise_published(value)


def test_pandas_parses_every_output_form_together() -> None:
    pd = pytest.importorskip("pandas")
    values = ["2020-07-29T10:15:00+02:00", "Wed, 29 Jul 2020 10:15:00 GMT", "2020-07-29T23:30:00", "2020-07-28", None]
    parsed = pd.to_datetime(pd.Series([normalise_published(v)[0] for v in values]), format="ISO8601", utc=True)
    assert parsed.notna().sum() == 4
