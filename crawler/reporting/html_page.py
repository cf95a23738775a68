"""The report as one self-contained HTML page: inline CSS and SVG charts, no script, no external file."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from crawler.reporting import charts
from crawler.reporting.report_data import PageInfo, ReportData, ReportInputs, load_report_data

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6fa;color:#1e272e}
header{background:#1e3799;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85}main{padding:20px 28px;max-width:1280px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:130px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.card b{display:block;font-size:24px;color:#1e3799}.card span{color:#57606f;font-size:12px}
.advice{background:#fff4e5;border-left:4px solid #fa8231;padding:10px 14px;border-radius:6px;margin-bottom:18px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}
.chart{background:#fff;border-radius:8px;padding:10px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.chart svg{width:100%;height:auto}
h2{font-size:17px;margin:26px 0 10px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
th,td{padding:6px 10px;text-align:left;border-bottom:1px solid #eef0f4;vertical-align:top}
th{background:#eef1f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#1e3799;text-decoration:none}a:hover{text-decoration:underline}
footer{color:#747d8c;font-size:12px;padding:20px 28px}
"""


def _card(value: Any, label: str) -> str:
    return f'<div class="card"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _cards(data: ReportData) -> str:
    summary = data.summary
    cards = [_card(len(data.articles), "articles stored"), _card(sum(data.drops.values()), "items dropped"),
             _card(len(data.per_host), "hosts with articles"), _card(len(data.per_language), "languages")]
    if summary:
        minutes, seconds = divmod(int(summary.get("duration_s", 0)), 60)
        cards = [_card(summary.get("pages", 0), "pages fetched (last run)"),
                 _card(summary.get("articles", 0), "articles kept (last run)"),
                 _card(f"{minutes}m{seconds:02d}s", f"last run: {summary.get('finish_reason', '?')}"), *cards]
    return f'<div class="cards">{"".join(cards)}</div>'


def _advice(data: ReportData) -> str:
    tips = data.summary.get("advice") or []
    if not tips:
        return ""
    items = "".join(f"<li>{escape(str(t))}</li>" for t in tips)
    return f'<div class="advice"><b>What to do next</b><ul>{items}</ul></div>'


def _latest(data: ReportData, rows: int) -> str:
    if not data.articles:
        return "<p>No article stored yet.</p>"
    body = []
    for article in data.articles[:rows]:
        url, title = str(article.get("url") or ""), str(article.get("title") or "(no title)")
        score = article.get("topic_score")
        body.append(
            "<tr>"
            f"<td>{escape(str(article.get('published') or '')[:10])}</td>"
            f"<td>{escape(str(article.get('fetched_at') or '')[:16].replace('T', ' '))}</td>"
            f"<td>{escape(str(article.get('language') or ''))}</td>"
            f'<td class="num">{score:.1f}</td>' if isinstance(score, (int, float)) else '<td class="num"></td>'
        )
        body[-1] += f'<td><a href="{escape(url, quote=True)}">{escape(title)}</a><br><small>{escape(url)}</small></td></tr>'
    head = "<tr><th>published</th><th>fetched (UTC)</th><th>lang</th><th>score</th><th>title</th></tr>"
    return f"<table>{head}{''.join(body)}</table>"


def _runs(data: ReportData) -> str:
    if not data.runs:
        return ""
    rows = "".join(
        f"<tr><td class='num'>{r['id']}</td><td>{escape(str(r['started_at']))}</td><td>{escape(str(r['finished_at'] or ''))}</td>"
        f"<td>{escape(str(r['reason'] or 'killed or running'))}</td><td class='num'>{r['articles'] or 0}</td></tr>"
        for r in data.runs
    )
    head = "<tr><th>run</th><th>started</th><th>finished</th><th>why</th><th>articles</th></tr>"
    return f"<h2>Runs</h2><table>{head}{rows}</table>"


def render_report(data: ReportData, info: PageInfo) -> str:
    """The whole page."""
    figures = [
        charts.per_day(data.published_per_day, "Articles per day published", "dated articles"),
        charts.per_day(data.fetched_per_day, "Articles per day fetched", "articles", charts.SECOND),
        charts.rate_over_time(data.fetch_times, "Crawl rate over time (pages fetched)"),
        charts.histogram(data.scores, "Topic score of kept articles", info.min_score),
        charts.bars(data.per_host, "Articles per host", "articles"),
        charts.bars(data.per_language, "Articles per language", "articles", charts.SECOND),
        charts.bars(data.drops, "Dropped items by reason", "drops", "#eb3b5a"),
    ]
    grid = "".join(f'<div class="chart">{svg}</div>' for svg in figures)
    unreadable = f" {data.unreadable} unreadable lines skipped." if data.unreadable else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Crawl report</title><style>{CSS}</style></head><body>"
        f"<header><h1>Crawl report</h1><p>{escape(info.source)} &middot; generated {escape(info.generated_at)}</p></header>"
        f"<main>{_cards(data)}{_advice(data)}<div class='grid'>{grid}</div>"
        f"<h2>Latest articles</h2>{_latest(data, info.latest)}{_runs(data)}</main>"
        f"<footer>topic-news-crawler &middot; scrapy report.{escape(unreadable)}</footer></body></html>\n"
    )


def write_report(inputs: ReportInputs, info: PageInfo, path: Path) -> Path:
    """Read the crawl's output, render the page, write it to `path`; the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(load_report_data(inputs), info), encoding="utf-8")
    return path
