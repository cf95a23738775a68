"""A profile's `examples`: on-topic and off-topic texts, written in the profile or read from files.

Pure: the checked [[examples]] tables and `examples_from` paths in, `Example`s
out. A file (relative to the profile's folder) is read as a labelled article
(`labelled.read_article`): plain text with the title on its first line, or an
HTML page. An `examples_from` path (relative to the profile's folder too) holds
many labelled articles, in either layout `scrapy evalprofile` reads
(`labelled.read_labelled`): a TOML labelled set (`[[article]]` tables with
`title`, `text` and `on_topic`), or a folder with `on_topic/` and `off_topic/`
subfolders of article files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from crawler.relevance.profile_fields import ProfileError


@dataclass(frozen=True)
class Example:
    """One labelled text: from the profile, or a confident decision of the crawl."""

    title: str
    text: str
    on_topic: bool


class _ExampleTable(Protocol):
    on_topic: bool
    title: str
    text: str | None
    file: str | None


def _resolve(name: str, base: Path | None) -> Path:
    path = Path(name)
    return path if path.is_absolute() else (base or Path.cwd()) / path


def read_examples(tables: Sequence[_ExampleTable], source: str, base: Path | None) -> tuple[Example, ...]:
    """The examples of a profile; a file that cannot be read, or an example with no text, is a ProfileError."""
    from crawler.relevance.labelled import read_article  # the reader of labelled files, shared with `evalprofile`

    examples = []
    for i, table in enumerate(tables):
        where = f"{source}: `examples[{i}]`"
        if table.file:
            path = _resolve(table.file, base)
            try:
                title, text = read_article(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise ProfileError(f"{where}.file: cannot read {path}: {exc}") from exc
            examples.append(Example(table.title or title, text, table.on_topic))
        elif table.text and table.text.strip():
            examples.append(Example(table.title, table.text.strip(), table.on_topic))
        else:
            raise ProfileError(f"{where} needs a `text` or a `file`")
    return tuple(examples)


def read_example_sets(paths: Sequence[str], source: str, base: Path | None) -> tuple[Example, ...]:
    """The examples of a profile's `examples_from` paths, in order; a path that is missing, unreadable or holds no
    labelled articles is a ProfileError naming it."""
    from crawler.relevance.labelled import read_labelled

    examples: list[Example] = []
    for i, name in enumerate(paths):
        path = _resolve(name, base)
        where = f"{source}: `examples_from[{i}]`"
        if not path.exists():
            raise ProfileError(f"{where}: no such file or folder: {path}")
        try:
            articles = read_labelled(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ProfileError(f"{where}: {exc}") from exc
        examples.extend(Example(a.title, a.text, a.on_topic) for a in articles)
    return tuple(examples)
