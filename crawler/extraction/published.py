"""One form for every publication date: `str | None -> (published, precision)`.

- A date-time with a zone offset: ISO 8601 with its offset, seconds precision
  (`2020-07-29T10:15:00+02:00`; `Z` becomes `+00:00`), precision "datetime".
- A date alone, or a date-time without a zone (its day is right, its instant is
  not known): the date (`2020-07-29`), precision "date".
- Anything that does not parse: `(None, None)`.

Accepted input: ISO 8601 (with `T` or a space, fractions, `Z`), RFC 2822 as in
RSS (`Wed, 29 Jul 2020 10:15:00 +0200`), and `YYYY/MM/DD`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

DATETIME = "datetime"
DATE = "date"

_DATE_ONLY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_YEAR_RANGE = (1800, 2200)  # a parsed year outside this is taken for noise


def _plausible(day: date) -> bool:
    return _YEAR_RANGE[0] <= day.year <= _YEAR_RANGE[1]


def _from_iso(text: str) -> tuple[str, str] | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if not _plausible(parsed):
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return parsed.date().isoformat(), DATE
    return parsed.isoformat(timespec="seconds"), DATETIME


def _from_rfc2822(text: str) -> tuple[str, str] | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not _plausible(parsed):
        return None
    if parsed.tzinfo is None:  # "-0000" in RFC 2822 means: zone not known
        return parsed.date().isoformat(), DATE
    return parsed.isoformat(timespec="seconds"), DATETIME


def normalise_published(value: str | None) -> tuple[str | None, str | None]:
    """The publication date in its one output form, and its precision ("datetime", "date" or None)."""
    if not value or not value.strip():
        return None, None
    text = value.strip()
    only = _DATE_ONLY.fullmatch(text)
    if only:
        try:
            day = date(int(only[1]), int(only[2]), int(only[3]))
        except ValueError:
            return None, None
        return (day.isoformat(), DATE) if _plausible(day) else (None, None)
    found = _from_iso(text) or _from_rfc2822(text)
    return found if found else (None, None)


def parse_moment(value: object) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime (UTC when it has no offset), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
