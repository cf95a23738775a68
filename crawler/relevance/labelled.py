"""Labelled articles on disk, and precision and recall of a judgement over them.

Pure: paths in, `LabelledArticle`s and `Scores` out. Two layouts are read:

- a folder with `on_topic/` and `off_topic/` subfolders (or `on/` and `off/`),
  one article a file: `.txt` or `.md` (the first non-empty line is the title,
  the rest the text, one paragraph a line) or `.html` (title and main text read
  as the crawl's frontier reads a page);
- a TOML set (`tests/data/relevance/*.toml`): `[[article]]` tables with `id`,
  `title`, `text` and `on_topic`; with a split name, only the ids listed under
  the set's name in the `splits.toml` beside it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crawler.relevance.pagetext import page_text

ON_DIRS, OFF_DIRS = ("on_topic", "on"), ("off_topic", "off")
TEXT_SUFFIXES, HTML_SUFFIXES = (".txt", ".md"), (".html", ".htm")


@dataclass(frozen=True)
class LabelledArticle:
    """One article and its label; `id` names it in reports (a file's path, a set's id)."""

    id: str
    title: str
    text: str
    on_topic: bool


def read_article(path: Path) -> tuple[str, str]:
    """(title, text) of one article file: plain text with the title first, or an HTML page."""
    raw = path.read_text("utf-8")
    if path.suffix.lower() in HTML_SUFFIXES:
        page = page_text(raw)
        return page.title, page.text
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    return (lines[0], "\n".join(lines[1:])) if lines else ("", "")


def _folder(root: Path) -> list[LabelledArticle]:
    found = []
    for names, label in ((ON_DIRS, True), (OFF_DIRS, False)):
        for name in names:
            sub = root / name
            if sub.is_dir():
                for path in sorted(p for p in sub.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES):
                    title, text = read_article(path)
                    found.append(LabelledArticle(str(path.relative_to(root)), title, text, label))
    if not found:
        wanted = " and ".join(f"{a}/ (or {b}/)" for a, b in (ON_DIRS, OFF_DIRS))
        raise ValueError(f"{root}: no labelled articles; put .txt, .md or .html files in {wanted}")
    return found


def parse_set(text: str, source: str) -> list[LabelledArticle]:
    """The articles of a TOML labelled set's text; `source` names it in the error."""
    try:
        data = tomllib.loads(text)
        return [LabelledArticle(str(a["id"]), str(a["title"]), str(a["text"]), bool(a["on_topic"])) for a in data["article"]]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{source}: not a labelled set ([[article]] with id, title, text, on_topic): {exc}") from exc


def _toml_set(path: Path, split: str | None) -> list[LabelledArticle]:
    articles = parse_set(path.read_text("utf-8"), str(path))
    if split is None:
        return articles
    splits_file = path.parent / "splits.toml"
    try:
        ids = set(tomllib.loads(splits_file.read_text("utf-8"))[path.stem][split])
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise ValueError(f"{splits_file}: no split {split!r} for {path.stem!r}") from exc
    return [a for a in articles if a.id in ids]


def read_labelled(path: Path, split: str | None = None) -> list[LabelledArticle]:
    """The labelled articles of a folder or of a TOML set (its `split` half, when given)."""
    if path.is_dir():
        if split is not None:
            raise ValueError(f"{path}: a split applies to a TOML set, not to a folder")
        return _folder(path)
    if path.suffix.lower() == ".toml":
        return _toml_set(path, split)
    raise ValueError(f"{path}: not a folder of labelled files nor a .toml labelled set")


@dataclass
class Scores:
    """Counts of a judgement against the labels, and the articles it got wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def line(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn}; {self.tp + self.fp + self.fn + self.tn} articles)"
        )


def evaluate(articles: Iterable[LabelledArticle], decide: Callable[[LabelledArticle], tuple[bool, str]]) -> Scores:
    """Score `decide` (kept?, why) over the articles, in order."""
    scores = Scores()
    for article in articles:
        kept, why = decide(article)
        if kept and article.on_topic:
            scores.tp += 1
        elif kept:
            scores.fp += 1
            scores.wrong.append(f"kept off-topic {article.id}: {why}")
        elif article.on_topic:
            scores.fn += 1
            scores.wrong.append(f"dropped on-topic {article.id}: {why}")
        else:
            scores.tn += 1
    return scores
