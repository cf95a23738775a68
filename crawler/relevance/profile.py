"""Topic profiles: what a crawl is about, read from a TOML file.

The format is documented in README.md ("Topic profiles"); the built-in default
profile, `crawler/profiles/default.toml`, is its worked example.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


class ProfileError(ValueError):
    """A profile file that cannot be used, with the file and key at fault."""


@dataclass(frozen=True)
class TermGroup:
    """One concept: its terms (all languages merged), weight, and whether it must match."""

    name: str
    terms: tuple[str, ...]
    weight: float = 1.0
    required: bool = True


@dataclass(frozen=True)
class Profile:
    """A topic: term groups and scoring rules, seeds and the domains a crawl may visit."""

    name: str
    groups: tuple[TermGroup, ...]
    languages: tuple[str, ...] = ()
    description: str = ""
    min_score: float = 1.0
    title_weight: float = 2.0
    max_hits_per_term: int = 3
    negative_terms: tuple[str, ...] = ()
    negative_weight: float = 1.0
    seeds: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    source: str = field(default="", compare=False)


def default_profile_text() -> str:
    """The built-in profile's TOML text (works from a wheel or an egg too)."""
    return resources.files("crawler.profiles").joinpath("default.toml").read_text("utf-8")


def load_profile(path: str | Path | None = None) -> Profile:
    """Read a profile file; no path (or "") means the built-in default profile."""
    if not path:
        return parse_profile(default_profile_text(), source="<default profile>")
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise ProfileError(f"{p}: cannot read the profile: {exc.strerror or exc}") from exc
    return parse_profile(text, source=str(p))


def parse_profile(text: str, source: str = "<string>") -> Profile:
    """Parse and check a profile's TOML text; errors name the source and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    where = _Where(source)
    name = where.string(data, "name")
    groups = tuple(_group(where, g, i) for i, g in enumerate(where.list(data, "groups")))
    if not groups:
        raise ProfileError(f"{source}: `groups` needs at least one [[groups]] table of terms")
    scoring = where.table(data, "scoring", required=False)
    negative = where.table(data, "negative", required=False)
    seeds = where.table(data, "seeds", required=False)
    return Profile(
        name=name,
        description=str(data.get("description", "")),
        languages=tuple(where.strings(data, "languages", required=False)),
        groups=groups,
        min_score=where.number(scoring, "min_score", 1.0),
        title_weight=where.number(scoring, "title_weight", 2.0),
        max_hits_per_term=int(where.number(scoring, "max_hits_per_term", 3)),
        negative_terms=tuple(where.strings(negative, "terms", required=False)),
        negative_weight=where.number(negative, "weight", 1.0),
        seeds=tuple(where.strings(seeds, "urls", required=False)),
        allowed_domains=tuple(where.strings(seeds, "allowed_domains", required=False)),
        source=source,
    )


def _group(where: _Where, raw: Any, index: int) -> TermGroup:
    if not isinstance(raw, dict):
        raise ProfileError(f"{where.source}: groups[{index}] must be a table")
    name = where.string(raw, "name")
    terms_raw = raw.get("terms")
    if isinstance(terms_raw, dict):
        terms = [t for lang in terms_raw for t in where.strings(terms_raw, lang)]
    else:
        terms = where.strings(raw, "terms")
    if not terms:
        raise ProfileError(f"{where.source}: group {name!r} has no terms")
    return TermGroup(
        name=name,
        terms=tuple(dict.fromkeys(terms)),
        weight=where.number(raw, "weight", 1.0),
        required=bool(raw.get("required", True)),
    )


@dataclass(frozen=True)
class _Where:
    """Typed reads of TOML values whose errors say which file and key is wrong."""

    source: str

    def _fail(self, key: str, expected: str, value: Any) -> ProfileError:
        return ProfileError(f"{self.source}: `{key}` must be {expected}, not {value!r}")

    def string(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "a non-empty string", value)
        return value.strip()

    def strings(self, data: dict[str, Any], key: str, required: bool = True) -> list[str]:
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, "a list of non-empty strings", value)
        return [v.strip() for v in value]

    def number(self, data: dict[str, Any], key: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._fail(key, "a number", value)
        return float(value)

    def table(self, data: dict[str, Any], key: str, required: bool = True) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self._fail(key, "a table", value)
        return value

    def list(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            raise self._fail(key, "an array of tables ([[" + key + "]])", value)
        return value
