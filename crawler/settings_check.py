"""Every project setting checked for type and range before a crawl starts, with pydantic.

The schema is built from `crawler/settings.py` itself: each setting's type is
its default's type (bool, int, float, str), and `RANGES` adds bounds and
patterns. A few Scrapy settings people set with `-s` are checked too. Values
arrive as Scrapy holds them (strings from `-s`), so pydantic's lax mode
converts "4" to 4 and "false" to False and refuses "abc".
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from crawler.user_errors import UserError

# Prefixes of the project's own settings in crawler/settings.py (the Scrapy ones are listed in SCRAPY_TYPES).
PROJECT_PREFIXES = (
    "CRAWLER_", "FRONTIER_", "STATE_", "OUTPUT_", "STORE_", "TOPIC_", "EXTRACT_", "TEMPLATES_", "VALIDATE_",
    "DEDUP_", "PROGRESS_", "SUMMARY_", "REPORT_", "DEMO_", "WARC_", "REPLAY_", "EXPORT_", "TDM_", "ROBOTS_",
    "HOSTGUARD_", "PAGETYPE_", "LINKS_",
)
# Scrapy settings worth checking (their type here; the project may not set them).
SCRAPY_TYPES: dict[str, type] = {
    "DOWNLOAD_DELAY": float, "DOWNLOAD_TIMEOUT": float, "DOWNLOAD_MAXSIZE": int, "DOWNLOAD_WARNSIZE": int,
    "CONCURRENT_REQUESTS": int, "CONCURRENT_REQUESTS_PER_DOMAIN": int, "DEPTH_LIMIT": int, "RETRY_TIMES": int,
    "REDIRECT_MAX_TIMES": int, "AUTOTHROTTLE_ENABLED": bool, "AUTOTHROTTLE_START_DELAY": float,
    "AUTOTHROTTLE_MAX_DELAY": float, "AUTOTHROTTLE_TARGET_CONCURRENCY": float, "ROBOTSTXT_OBEY": bool,
    "CLOSESPIDER_ITEMCOUNT": int, "CLOSESPIDER_PAGECOUNT": int, "CLOSESPIDER_TIMEOUT": float,
    "CLOSESPIDER_ERRORCOUNT": int, "LOG_LEVEL": str,
}
# Bounds (pydantic Field arguments) of settings whose type alone is not enough.
RANGES: dict[str, dict[str, Any]] = {
    "DOWNLOAD_DELAY": {"ge": 0}, "DOWNLOAD_TIMEOUT": {"gt": 0}, "DOWNLOAD_MAXSIZE": {"ge": 0},
    "DOWNLOAD_WARNSIZE": {"ge": 0}, "CONCURRENT_REQUESTS": {"ge": 1}, "CONCURRENT_REQUESTS_PER_DOMAIN": {"ge": 1},
    "DEPTH_LIMIT": {"ge": 0}, "RETRY_TIMES": {"ge": 0}, "REDIRECT_MAX_TIMES": {"ge": 0},
    "AUTOTHROTTLE_START_DELAY": {"ge": 0}, "AUTOTHROTTLE_MAX_DELAY": {"ge": 0},
    "AUTOTHROTTLE_TARGET_CONCURRENCY": {"gt": 0}, "CLOSESPIDER_ITEMCOUNT": {"ge": 0},
    "CLOSESPIDER_PAGECOUNT": {"ge": 0}, "CLOSESPIDER_TIMEOUT": {"ge": 0}, "CLOSESPIDER_ERRORCOUNT": {"ge": 0},
    "LOG_LEVEL": {"pattern": r"^(?i:DEBUG|INFO|WARNING|ERROR|CRITICAL)$"},
    "FRONTIER_MAX_ATTEMPTS": {"ge": 1}, "FRONTIER_STRUCTURE_INTERVAL": {"ge": 0}, "FRONTIER_MIN_INTERVAL": {"ge": 0},
    "FRONTIER_MAX_INTERVAL": {"gt": 0}, "FRONTIER_ARTICLE_INTERVAL": {"gt": 0}, "STATE_PRUNE_DAYS": {"ge": 0},
    "OUTPUT_DIR": {"min_length": 1}, "OUTPUT_ARTICLES": {"min_length": 1}, "OUTPUT_REJECTED": {"min_length": 1},
    "STORE_SQLITE_PATH": {"min_length": 1},
    "TOPIC_MAX_SITEMAP_ENTRIES": {"ge": 0}, "TOPIC_REQUEUE_MARGIN": {"ge": 0}, "TOPIC_PAGES_PER_HOST": {"ge": 0},
    "TOPIC_SINCE": {"pattern": r"^(\d{4}-\d{2}-\d{2})?$"},
    "EXTRACT_MAX_BYTES": {"gt": 0}, "EXTRACT_WORKERS": {"ge": 0}, "EXTRACT_TIMEOUT": {"gt": 0},
    "EXTRACT_MEMORY_LIMIT": {"ge": 0},
    "TEMPLATES_MIN_PAGES": {"ge": 1}, "TEMPLATES_MIN_SHARE": {"gt": 0, "le": 1}, "TEMPLATES_MAX_LINE_WORDS": {"ge": 1},
    "VALIDATE_MIN_WORDS": {"ge": 0}, "VALIDATE_BRIEF_MIN_WORDS": {"ge": 0},
    "DEDUP_NEAR_THRESHOLD": {"gt": 0, "le": 1}, "DEDUP_SHINGLE_WORDS": {"ge": 1}, "DEDUP_BANDS": {"ge": 1},
    "DEDUP_ROWS": {"ge": 1},
    "PROGRESS_INTERVAL": {"ge": 0}, "HEAP_TRIM_INTERVAL": {"ge": 0},
    "WARC_MAX_BYTES": {"ge": 1024 * 1024}, "WARC_DIR": {"min_length": 1}, "REPLAY_IN_FLIGHT": {"ge": 1},
    "WARC_GZIP_LEVEL": {"ge": 1, "le": 9},
    "EXPORT_SHARD_ROWS": {"ge": 1},
    "ROBOTS_MAX_BYTES": {"ge": 500 * 1024}, "ROBOTS_RETRY_AFTER": {"gt": 0}, "ROBOTS_CACHE_FOR": {"gt": 0},
    "ROBOTS_LAST_GOOD_AFTER": {"ge": 0}, "ROBOTS_MAX_CRAWL_DELAY": {"ge": 0}, "HOSTGUARD_MAX_TIMEOUTS": {"ge": 1},
    "EXTRACT_MAX_ELEMENTS": {"ge": 1000}, "EXTRACT_MAX_DEPTH": {"ge": 16, "le": 250},
    "EXTRACT_MAX_TEXT_CHARS": {"ge": 1000}, "EXTRACT_MAX_REPLACEMENT_SHARE": {"ge": 0, "le": 1},
    "TOPIC_MAX_PAGE_TAGS": {"ge": 100},
    "TEMPLATES_WAIT_SECONDS": {"ge": 0}, "TEMPLATES_MAX_PAGE_BYTES": {"ge": 0},
    "TOPIC_MAX_PARSE_BYTES": {"ge": 1024}, "FRONTIER_FAIR_BAND": {"ge": 0},
    "FRONTIER_COMMIT_SIZE": {"ge": 1}, "FRONTIER_MAX_IN_STAGES": {"ge": 0}, "FRONTIER_COMMIT_DELAY": {"ge": 0, "le": 10},
    "LINKS_MIN_SHAPE_ARTICLES": {"ge": 1}, "LINKS_MIN_ANCHOR_WORDS": {"ge": 0}, "LINKS_MIN_RELEVANCE": {"ge": 0, "le": 1},
    "LINKS_MIN_FAILURES": {"ge": 1}, "LINKS_MAX_FAILURE_SHARE": {"gt": 0, "le": 1}, "LINKS_HUB_DEPTH": {"ge": 0},
    "LINKS_FEEDS_PER_HOST": {"ge": 0},
}
# What a setting accepts, where its type and bounds say it badly.
HINTS = {"TOPIC_SINCE": "a date YYYY-MM-DD, or empty", "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"}
TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}
BOUND_WORDS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}


def project_defaults() -> dict[str, Any]:
    """The project's own settings and their defaults, read from crawler/settings.py."""
    module = importlib.import_module("crawler.settings")
    return {k: v for k, v in vars(module).items() if k.isupper() and k.startswith(PROJECT_PREFIXES)}


def setting_types() -> dict[str, type]:
    """Every checked setting and its type; lists, dicts and None defaults are not checked."""
    types = dict(SCRAPY_TYPES)
    for name, default in project_defaults().items():
        if isinstance(default, (bool, int, float, str)):
            types[name] = type(default)
    return types


def accepted(name: str, kind: type) -> str:
    """What a setting accepts, in words: "a number > 0 and <= 1"."""
    if name in HINTS:
        return HINTS[name]
    spec = RANGES.get(name, {})
    bounds = [f"{BOUND_WORDS[k]} {v:g}" for k, v in spec.items() if k in BOUND_WORDS]
    words = TYPE_WORDS[kind] + (f" {' and '.join(bounds)}" if bounds else "")
    if "pattern" in spec:
        words += f" matching {spec['pattern']}"
    if spec.get("min_length"):
        words = "a non-empty string"
    return words


def _schema(types: Mapping[str, type]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (kind, Field(**RANGES.get(name, {}), strict=False)) for name, kind in types.items()
    }
    return create_model("CrawlSettings", __config__=ConfigDict(extra="ignore"), **fields)


def check_settings(values: Mapping[str, Any]) -> None:
    """Raise UserError naming every setting whose value has the wrong type or range, and what it accepts."""
    types = setting_types()
    given = {k: v for k, v in values.items() if k in types and v is not None}
    problems: list[str] = []
    try:
        _schema({k: types[k] for k in given})(**given)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0])
            problems.append(f"{name}={given[name]!r}: must be {accepted(name, types[name])}")
    problems += _check_output_dir(str(given.get("OUTPUT_DIR", "") or ""))
    if problems:
        raise UserError("; ".join(problems))


def _check_output_dir(value: str) -> list[str]:
    """OUTPUT_DIR must be a folder, or a path where one can be created."""
    if not value:
        return []
    path = Path(value)
    for part in (path, *path.parents):
        if part.exists():
            if part.is_dir():
                return []
            where = "" if part == path else f" ({part} is a file)"
            return [f"OUTPUT_DIR={value!r}: must be a folder (created if missing), not a file{where}"]
    return []
