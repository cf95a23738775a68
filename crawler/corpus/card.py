"""The dataset card of an export: `facts -> README.md` (Hugging Face YAML header, then Markdown).

It says what the corpus holds (rows per language, host and publication month,
TDM signals), how it was made (profile, crawl dates, the crawl's drops and
dedup from rejected.jsonl, the export's own choices and filters), the schema,
and that the texts belong to their publishers.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from crawler.corpus.schema import FIELDS, features_yaml
from crawler.corpus.selection import ExportConfig

LICENCE_NOTE = (
    "The texts belong to their publishers and authors; this corpus does not grant any right to them. "
    "It is a research collection of publicly available news pages: check each publisher's terms, and the "
    "`tdm_reserved` field (the publisher's text-and-data-mining opt-out, where one was seen), before any use, "
    "in particular before training models on it. Only the crawler's own metadata is the project's."
)
TOP_HOSTS = 50  # hosts listed by name in the card; the others are summed


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower() or "unknown"


@dataclass
class CorpusCounts:
    """Counts of the exported rows, filled row by row."""

    rows: int = 0
    language: Counter[str] = field(default_factory=Counter)
    host: Counter[str] = field(default_factory=Counter)
    month: Counter[str] = field(default_factory=Counter)
    tdm: Counter[str] = field(default_factory=Counter)
    first_fetch: str = ""
    last_fetch: str = ""

    def add(self, row: dict[str, Any]) -> None:
        self.rows += 1
        self.language[row.get("language") or "unknown"] += 1
        self.host[host_of(row.get("url") or "")] += 1
        self.month[(row.get("published") or "")[:7] or "unknown"] += 1
        reserved = row.get("tdm_reserved")
        self.tdm["reserved" if reserved is True else "not reserved" if reserved is False else "no signal"] += 1
        fetched = row.get("fetched_at") or ""
        if fetched:
            self.first_fetch = min(self.first_fetch or fetched, fetched)
            self.last_fetch = max(self.last_fetch, fetched)


@dataclass(frozen=True)
class CardFacts:
    """Everything the card states besides the counts."""

    profile_name: str
    profile_description: str
    profile_source: str
    runs: tuple[tuple[str, str | None, str | None, int | None], ...]  # started, finished, reason, articles stored
    rejected: dict[str, int]  # crawl drops by reason (rejected.jsonl)
    export: dict[str, int]  # export/<reason> counts
    config: ExportConfig
    files: tuple[str, ...]  # shard paths relative to the card
    schema: pa.Schema
    source_dir: str


def _table(title: str, counts: Counter[str] | dict[str, int], limit: int = 0, by_key: bool = False) -> list[str]:
    """A Markdown table of counts, largest first (or by key), the first `limit` rows (0: all)."""
    items = sorted(counts.items()) if by_key else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    lines = [f"| {title} | rows |", "|---|---:|"]
    shown = items[:limit] if limit else items
    lines += [f"| {key} | {value} |" for key, value in shown]
    if limit and len(items) > limit:
        lines.append(f"| ({len(items) - limit} others) | {sum(v for _, v in items[limit:])} |")
    return lines + [""]


def _yaml_header(facts: CardFacts, counts: CorpusCounts) -> list[str]:
    data = "data/*.parquet" if "parquet" in facts.config.formats else "data/*.jsonl.gz"
    languages = sorted(k for k in counts.language if k != "unknown")
    lines = ["---", f"pretty_name: {json.dumps('News on a topic: ' + facts.profile_name)}", "license: other",
             "task_categories:", "- text-generation", "tags:", "- news", "- web-crawl"]  # fmt: skip
    if languages:
        lines += ["language:"] + [f"- {lang}" for lang in languages]
    lines += ["configs:", "- config_name: default", "  data_files:", "  - split: train", f"    path: {data}"]
    lines += ["dataset_info:", "  config_name: default", "  features:", *features_yaml(facts.schema, "  "), "---", ""]
    return lines


def render_card(facts: CardFacts, counts: CorpusCounts) -> str:
    """The README.md of a corpus folder."""
    cfg = facts.config
    filters = [f"languages {', '.join(sorted(cfg.languages))}" if cfg.languages else "",
               f"published since {cfg.since}" if cfg.since else "", f"published until {cfg.until}" if cfg.until else "",
               f"at least {cfg.min_words} words" if cfg.min_words else "",
               "TDM reservations respected (reserved texts left out)" if cfg.respect_tdm else ""]  # fmt: skip
    lines = _yaml_header(facts, counts)
    lines += [f"# News on a topic: {facts.profile_name}", "", facts.profile_description or "", "",
              f"{counts.rows} rows, exported by `scrapy export` from `{facts.source_dir}` "
              f"({'every version and copy' if cfg.all_versions else 'one row per story: originals over copies, latest version'};"
              f" {'datatrove form: id, text, metadata' if cfg.datatrove else 'the fields of articles.jsonl'}).", "",
              "## Licence", "", LICENCE_NOTE, "",
              "## How it was collected", "",
              f"- Topic profile: `{facts.profile_name}` ({facts.profile_source or 'built-in'})",
              f"- Pages fetched from {counts.first_fetch or '-'} to {counts.last_fetch or '-'} (the exported rows)",
              f"- Filters: {'; '.join(f for f in filters if f) or 'none'}", ""]  # fmt: skip
    if facts.runs:
        lines += ["| crawl run started | finished | how | articles stored |", "|---|---|---|---:|"]
        lines += [f"| {s} | {f or '(killed)'} | {r or '-'} | {a if a is not None else '-'} |" for s, f, r, a in facts.runs]
        lines.append("")
    lines += ["## Contents", "", *_table("language", counts.language), *_table("host", counts.host, TOP_HOSTS),
              *_table("published (month)", counts.month, by_key=True), *_table("TDM signal", counts.tdm)]  # fmt: skip
    lines += ["## Drops and deduplication", "", "What the crawl dropped (rejected.jsonl), by reason:", "",
              *_table("reason", facts.rejected or {"(none)": 0}), "What the export left out, by reason:", "",
              *_table("reason", {k: v for k, v in facts.export.items() if k not in ("export/read", "export/kept")}
                      or {"(none)": 0})]  # fmt: skip
    lines += ["## Fields", "", "| field | type | meaning |", "|---|---|---|"]
    lines += [f"| {name} | {kind} | {meaning} |" for name, kind, meaning in FIELDS]
    if cfg.datatrove:
        lines += ["", "In the datatrove form a row is `id` (the doc_id), `text` and `metadata` (the other fields, "
                  "the story id as `story_id`)."]
    lines += ["", "## Files", "", *[f"- `{f}`" for f in facts.files], ""]
    return "\n".join(lines)
