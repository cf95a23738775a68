"""Typed reads of a profile's TOML values; every error names the file and the key at fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ProfileError(ValueError):
    """A profile file that cannot be used, with the file and key at fault."""


@dataclass(frozen=True)
class Fields:
    """Reads keys of one TOML table; `where` prefixes keys in messages (e.g. "groups[1].")."""

    source: str
    where: str = ""

    def at(self, prefix: str) -> Fields:
        """The same reader for a nested table, e.g. `at("seeds.queries[0]")`."""
        return Fields(self.source, f"{self.where}{prefix}.")

    def fail(self, key: str, expected: str, value: Any) -> ProfileError:
        return ProfileError(f"{self.source}: `{self.where}{key}` must be {expected}, not {value!r}")

    def error(self, message: str) -> ProfileError:
        return ProfileError(f"{self.source}: {message}")

    def string(self, data: dict[str, Any], key: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "a non-empty string", value)
        return value.strip()

    def strings(self, data: dict[str, Any], key: str, required: bool = True) -> list[str]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "a list of non-empty strings", value)
        return [v.strip() for v in value]

    def number(self, data: dict[str, Any], key: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, "a number", value)
        return float(value)

    def count(self, data: dict[str, Any], key: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "a whole number >= 0", value)
        return value

    def boolean(self, data: dict[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def table(self, data: dict[str, Any], key: str, required: bool = True) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "a table", value)
        return value

    def tables(self, data: dict[str, Any], key: str, required: bool = True) -> list[dict[str, Any]]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "an array of tables ([[" + key + "]])", value)
        return value
