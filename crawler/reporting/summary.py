"""The end-of-crawl summary: a short table from the crawl's stats, and what to do next when something went wrong.

`build_summary` takes the stats as a plain mapping (Scrapy's stats dict) and
the counts the summary extension kept by host and language; `render_summary`
is the table printed at the end; `Summary.record()` goes to summary.json.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

DROP_MARK = "/dropped"
TOP = 5  # rows of the host, drop and error lists


@dataclass(frozen=True)
class CrawlCounts:
    """What the summary extension counted itself: responses and kept articles per host, kept articles per language."""

    pages_by_host: Mapping[str, int] = field(default_factory=dict)
    articles_by_host: Mapping[str, int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """A crawl in a few numbers; `advice` says what to do when something went wrong."""

    finish_reason: str
    duration_s: float
    pages: int
    articles: int
    drops: dict[str, int]
    top_hosts: list[dict[str, Any]]
    languages: dict[str, int]
    errors: dict[str, int]
    advice: list[str]

    def record(self) -> dict[str, Any]:
        return asdict(self)


def drop_reason(stat: str) -> str | None:
    """"offtopic/dropped" -> "offtopic", "duplicate/dropped/url" -> "duplicate/url"; None for other stats."""
    head, mark, tail = stat.partition(DROP_MARK)
    if not mark or not head or "/" in head or (tail and not tail.startswith("/")):
        return None
    return head + tail


def drops_from_stats(stats: Mapping[str, Any]) -> dict[str, int]:
    """Items and requests dropped, by reason, most frequent first."""
    found = Counter({r: int(v) for k, v in stats.items() if (r := drop_reason(k)) and isinstance(v, (int, float)) and v})
    return dict(found.most_common())


def errors_from_stats(stats: Mapping[str, Any]) -> dict[str, int]:
    """Failures by kind: fetches that failed (by exception), spider exceptions, errors logged."""
    found: Counter[str] = Counter()
    for key, value in stats.items():
        if not isinstance(value, (int, float)) or not value:
            continue
        if key.startswith("fetch/failed/"):
            found[f"fetch: {key.rpartition('/')[2]}"] += int(value)
        elif key.startswith("spider_exceptions/"):
            found[f"spider: {key.rpartition('/')[2]}"] += int(value)
        elif key.endswith("/errors") or "/errors/" in key:
            found[key] += int(value)
    if stats.get("log_count/ERROR"):
        found["errors logged"] = int(stats["log_count/ERROR"])
    return dict(found.most_common())


def build_summary(stats: Mapping[str, Any], finish_reason: str, duration_s: float, counts: CrawlCounts) -> Summary:
    """The summary of one crawl from its stats and the extension's own counts."""
    pages = int(stats.get("downloader/response_count", 0))
    articles = int(stats.get("articles/stored", stats.get("item_scraped_count", 0)))
    hosts = Counter(counts.pages_by_host)
    top_hosts = [{"host": h, "pages": n, "articles": int(counts.articles_by_host.get(h, 0))} for h, n in hosts.most_common(TOP)]
    drops, errors = drops_from_stats(stats), errors_from_stats(stats)
    return Summary(
        finish_reason=finish_reason,
        duration_s=round(duration_s, 1),
        pages=pages,
        articles=articles,
        drops=drops,
        top_hosts=top_hosts,
        languages=dict(Counter(counts.languages).most_common()),
        errors=errors,
        advice=advise(stats, finish_reason, pages, articles, drops),
    )


def advise(stats: Mapping[str, Any], finish_reason: str, pages: int, articles: int, drops: Mapping[str, int]) -> list[str]:
    """What to do next, one line per problem seen (empty when the crawl went well)."""
    tips: list[str] = []
    failed = sum(int(v) for k, v in stats.items() if k.startswith("fetch/failed/") and isinstance(v, (int, float)))
    if pages == 0:
        tips.append("no seed answered: check the network (a machine without internet reaches no real site; "
                    "`scrapy demo` shows a crawl on bundled pages), or start from sites you can reach with -a urls=")
    elif failed and failed >= pages:
        tips.append(f"{failed} requests failed (see errors): check the network and the seed URLs")
    candidates = int(stats.get("pages/article_candidates", 0))
    if pages and not candidates:
        tips.append("no page looked like an article: give feeds or sitemaps as seeds (-a urls=)")
    elif candidates and not articles:
        top = next(iter(drops), "")
        if top.startswith("offtopic"):
            tips.append("articles were found but none was on topic: check the profile's terms and scoring.min_score")
        elif top.startswith("duplicate"):
            tips.append("every article was already stored: nothing new since the last run")
        elif top:
            tips.append(f"every article was dropped, mostly as {top}: see output/rejected.jsonl")
    if drops.get("extract/timeout"):
        tips.append(f"{drops['extract/timeout']} pages took too long to extract: raise EXTRACT_TIMEOUT")
    if drops.get("budget/pages_per_host"):
        tips.append("some hosts reached their page budget: raise TOPIC_PAGES_PER_HOST (or the profile's budgets)")
    if stats.get("robotstxt/forbidden") and not articles:
        tips.append(f"{int(stats['robotstxt/forbidden'])} pages were refused by robots.txt (obeyed on purpose)")
    if finish_reason == "shutdown":
        tips.append("the crawl was stopped early: run the same command again to resume")
    elif finish_reason.startswith("closespider_"):
        tips.append(f"stopped by a limit ({finish_reason}), as asked: raise or drop it to crawl further")
    return tips


def _rows(title: str, items: Mapping[str, int]) -> list[str]:
    if not items:
        return [f"{title:<14} none"]
    shown = list(items.items())[:TOP]
    more = len(items) - len(shown)
    cells = ", ".join(f"{k} {v}" for k, v in shown) + (f", +{more} more" if more else "")
    return [f"{title:<14} {cells}"]


def render_summary(summary: Summary, summary_path: str = "") -> str:
    """The table printed at the end of a crawl."""
    minutes, seconds = divmod(int(summary.duration_s), 60)
    lines = [
        "Crawl summary",
        f"{'finished':<14} {summary.finish_reason} after {minutes}m{seconds:02d}s",
        f"{'pages fetched':<14} {summary.pages}",
        f"{'articles kept':<14} {summary.articles}",
        *_rows("dropped", summary.drops),
        f"{'top hosts':<14} " + (", ".join(f"{h['host']} ({h['pages']} pages, {h['articles']} kept)"
                                          for h in summary.top_hosts) or "none"),
        *_rows("languages", summary.languages),
        *_rows("errors", summary.errors),
    ]
    lines += [f"{'next' if i == 0 else '':<14} {tip}" for i, tip in enumerate(summary.advice)]
    if summary_path:
        lines.append(f"{'written to':<14} {summary_path}")
    return "\n".join(lines)
