"""What the HTML report shows, read from a crawl's output: articles.jsonl, rejected.jsonl, state.db, summary.json.

Read-only: the state file is opened with SQLite's `mode=ro`; a file that is
missing gives empty counts, a line that is not JSON is counted as unreadable.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.extraction.published import parse_moment
from crawler.store.jsonl import read_json_lines


@dataclass(frozen=True)
class ReportInputs:
    """The files a report reads (any may be missing)."""

    articles: Path
    rejected: Path
    state: Path
    summary: Path


@dataclass(frozen=True)
class PageInfo:
    """What the page says about itself: where its data came from, when it was made, the profile's min_score."""

    source: str
    generated_at: str
    latest: int = 50
    min_score: float | None = None


@dataclass
class ReportData:
    """Counts and rows for the report's charts and tables."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    published_per_day: Counter[str] = field(default_factory=Counter)
    fetched_per_day: Counter[str] = field(default_factory=Counter)
    per_host: Counter[str] = field(default_factory=Counter)
    per_language: Counter[str] = field(default_factory=Counter)
    drops: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    fetch_times: list[float] = field(default_factory=list)  # epoch seconds of every page fetched (the frontier)
    runs: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    unreadable: int = 0


def read_jsonl(path: Path, data: ReportData) -> list[dict[str, Any]]:
    """The JSON object lines of a file; others counted in data.unreadable."""
    if not path.is_file():
        return []
    records = []
    for _, record in read_json_lines(path, errors="replace"):
        if record is None:
            data.unreadable += 1
        else:
            records.append(record)
    return records


def read_state(path: Path, data: ReportData) -> None:
    """Fetch times from the frontier and the runs, if the state file has them."""
    if not path.is_file():
        return
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "frontier" in tables:
            data.fetch_times = sorted(r[0] for r in db.execute("SELECT fetched_at FROM frontier WHERE fetched_at > 0"))
        if "runs" in tables:
            columns = ("id", "spider", "started_at", "finished_at", "reason", "articles")
            rows = db.execute(f"SELECT {', '.join(columns)} FROM runs ORDER BY id DESC LIMIT 10")
            data.runs = [dict(zip(columns, row, strict=True)) for row in rows]
    finally:
        db.close()


def load_report_data(inputs: ReportInputs) -> ReportData:
    """Everything the report shows, counted once."""
    data = ReportData()
    articles = read_jsonl(inputs.articles, data)
    for article in articles:
        published, fetched = parse_moment(article.get("published")), parse_moment(article.get("fetched_at"))
        if published:
            data.published_per_day[published.date().isoformat()] += 1
        if fetched:
            data.fetched_per_day[fetched.date().isoformat()] += 1
        data.per_host[urlsplit(str(article.get("url") or "")).netloc or "unknown"] += 1
        data.per_language[str(article.get("language") or "unknown")] += 1
        score = article.get("topic_score")
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            data.scores.append(float(score))
    data.articles = sorted(articles, key=lambda a: str(a.get("fetched_at") or ""), reverse=True)
    for record in read_jsonl(inputs.rejected, data):
        data.drops[str(record.get("reason") or "unknown").split(":", 1)[0]] += 1
    read_state(inputs.state, data)
    if inputs.summary.is_file():
        try:
            loaded = json.loads(inputs.summary.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            loaded = None
        data.summary = loaded if isinstance(loaded, dict) else {}
    return data
