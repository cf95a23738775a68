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
from importlib.resources.abc import Traversable
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


def read_example_sets(paths: Sequence[str], source: str, base: Path | Traversable | None) -> tuple[Example, ...]:
    """The examples of a profile's `examples_from` paths, in order; a path that is missing, unreadable or holds no
    labelled articles is a ProfileError naming it. `base` may be a package's folder inside an archive (the built-in
    profile installed as an egg): a TOML set is read from there too."""
    from crawler.relevance.labelled import parse_set, read_labelled

    examples: list[Example] = []
    for i, name in enumerate(paths):
        where = f"{source}: `examples_from[{i}]`"
        packed = base if base is not None and not isinstance(base, Path) and not Path(name).is_absolute() else None
        path = packed.joinpath(name) if packed is not None else _resolve(name, base if isinstance(base, Path) else None)
        if not (path.is_file() or path.is_dir()):
            raise ProfileError(f"{where}: no such file or folder: {path}")
        try:
            if isinstance(path, Path):
                articles = read_labelled(path)
            elif path.is_file() and name.lower().endswith(".toml"):
                articles = parse_set(path.read_text("utf-8"), str(path))
            else:
                raise ValueError(f"{path}: only a .toml labelled set is read from a package archive")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ProfileError(f"{where}: {exc}") from exc
        examples.extend(Example(a.title, a.text, a.on_topic) for a in articles)
    return tuple(examples)
