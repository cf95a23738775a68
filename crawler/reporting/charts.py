"""The report's charts, drawn with matplotlib (Agg) and returned as inline SVG text."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402  (after the backend is chosen)
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

COLOR = "#3867d6"
SECOND = "#20bf6b"
MAX_BARS = 15  # categories shown in a bar chart; the rest summed as "others"
STYLE: dict[Any, Any] = {
    "font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold",
    "axes.titlesize": 10, "svg.fonttype": "none", "axes.grid": True, "grid.alpha": 0.3,
}


def to_svg(fig: Figure) -> str:
    """The figure as an <svg> element (no XML prolog), then closed."""
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]


def _figure(title: str, height: float = 2.6) -> tuple[Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.6, height), layout="constrained")
    ax.set_title(title, loc="left")
    return fig, ax


def _empty(ax: plt.Axes, what: str) -> None:
    ax.text(0.5, 0.5, f"no {what} yet", ha="center", va="center", transform=ax.transAxes, color="#888")
    ax.set_xticks([])
    ax.set_yticks([])


def bars(counts: Mapping[str, int], title: str, what: str, color: str = COLOR) -> str:
    """Horizontal bars, largest first, at most MAX_BARS (the rest as "others")."""
    ordered = Counter(counts).most_common()
    shown, rest = ordered[:MAX_BARS], sum(n for _, n in ordered[MAX_BARS:])
    if rest:
        shown.append(("others", rest))
    with plt.rc_context(STYLE):
        fig, ax = _figure(title, max(1.6, 0.28 * len(shown) + 0.9))
        if not shown:
            _empty(ax, what)
        else:
            labels, values = [k for k, _ in shown][::-1], [n for _, n in shown][::-1]
            ax.barh(labels, values, color=color)
            ax.grid(axis="y", visible=False)
            for y, value in enumerate(values):
                ax.text(value, y, f" {value}", va="center", fontsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(right=max(values) * 1.12)
        return to_svg(fig)


def _months_between(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def per_day(counts: Mapping[str, int], title: str, what: str, color: str = COLOR) -> str:
    """Counts by day (ISO dates) as bars, every day of the span shown; over more than 62 days, by month."""
    days = Counter({date.fromisoformat(d): n for d, n in counts.items()})
    with plt.rc_context(STYLE):
        fig, ax = _figure(title)
        if not days:
            _empty(ax, what)
            return to_svg(fig)
        first, last = min(days), max(days)
        if (last - first).days <= 62:
            slots = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            values, labels = [days[d] for d in slots], [d.isoformat() for d in slots]
        else:
            months: Counter[date] = Counter()
            for day, n in days.items():
                months[day.replace(day=1)] += n
            slots = _months_between(first, last)
            values, labels = [months[m] for m in slots], [m.strftime("%Y-%m") for m in slots]
            ax.set_title(title.replace("per day", "per month"), loc="left")
        positions = list(range(len(slots)))
        ax.bar(positions, values, color=color, width=0.8 if len(slots) < 40 else 1.0)
        ticks = positions[:: max(1, len(slots) // 8)]
        slanted = len(ticks) > 3
        ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=30 if slanted else 0, ha="right" if slanted else "center")
        pad = max(0.6, (6 - len(slots)) / 2)  # a few bars stay bar-sized, centred
        ax.set_xlim(-pad, len(slots) - 1 + pad)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        return to_svg(fig)


def rate_over_time(times: Sequence[float], title: str) -> str:
    """Pages fetched per minute (or per hour over long crawls), from fetch times in epoch seconds."""
    with plt.rc_context(STYLE):
        fig, ax = _figure(title)
        if not times:
            _empty(ax, "fetches")
            return to_svg(fig)
        span = times[-1] - times[0]
        step = 10.0 if span <= 900 else 60.0 if span <= 12 * 3600 else 3600.0
        buckets = Counter(int(t // step) for t in times)
        first, last = min(buckets), max(buckets)
        xs = mdates.date2num([datetime.fromtimestamp(b * step, UTC) for b in range(first, last + 1)])
        per_minute = 60.0 / min(step, 60.0)  # rates per minute, or per hour for long crawls
        ys = [buckets.get(b, 0) * per_minute for b in range(first, last + 1)]
        if len(xs) < 30:  # a short crawl: one bar per step
            ax.bar(xs, ys, width=step / 86400 * 0.85, align="edge", color=COLOR)
            ax.set_xlim(xs[0] - step / 86400, xs[-1] + 2 * step / 86400)
        else:
            ax.plot(xs, ys, color=COLOR)
            ax.fill_between(xs, ys, color=COLOR, alpha=0.15)
        ax.set_ylabel("pages per hour" if step == 3600 else "pages per minute")
        ax.set_ylim(bottom=0)
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return to_svg(fig)


def histogram(values: Sequence[float], title: str, threshold: float | None = None) -> str:
    """The distribution of topic scores of kept articles."""
    with plt.rc_context(STYLE):
        fig, ax = _figure(title)
        if not values:
            _empty(ax, "articles")
            return to_svg(fig)
        ax.hist(values, bins=min(30, max(5, len(values) // 2)), color=SECOND, edgecolor="white")
        ax.set_xlabel("topic score")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if threshold is not None:
            ax.axvline(threshold, color="#eb3b5a", linestyle="--", linewidth=1)
            ax.text(threshold, ax.get_ylim()[1] * 0.95, " min_score", color="#eb3b5a", fontsize=8, va="top")
        return to_svg(fig)
