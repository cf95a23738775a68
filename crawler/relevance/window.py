"""The date window of a topic: articles published before `since` (or after `until`) are out.

Pure: ISO 8601 strings in, a verdict out. A date that cannot be read is never
out of the window (the article is judged on its text alone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime


def parse_day(value: object) -> date | None:
    """The calendar day of a TOML date, a datetime, or an ISO 8601 string (as declared, no zone shift)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class DateWindow:
    """Publication days kept: from `since` to `until`, both included; None means open."""

    since: date | None = None
    until: date | None = None

    def verdict(self, published: str | None) -> str | None:
        """"too_old", "too_new", or None when the date is inside the window or unknown."""
        day = parse_day(published)
        if day is None:
            return None
        if self.since is not None and day < self.since:
            return "too_old"
        if self.until is not None and day > self.until:
            return "too_new"
        return None

    def with_since(self, value: str) -> DateWindow:
        """This window with `since` replaced by an override such as TOPIC_SINCE ("" keeps it)."""
        if not value.strip():
            return self
        day = parse_day(value)
        if day is None:
            raise ValueError(f"a date must be YYYY-MM-DD, not {value!r}")
        return replace(self, since=day)
