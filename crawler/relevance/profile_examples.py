"""A profile's `examples`: on-topic and off-topic texts, written in the profile or read from files.

Pure: the checked [[examples]] tables in, `Example`s out. A file (relative to
the profile's folder) is read as a labelled article (`labelled.read_article`):
plain text with the title on its first line, or an HTML page.
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


def read_examples(tables: Sequence[_ExampleTable], source: str, base: Path | None) -> tuple[Example, ...]:
    """The examples of a profile; a file that cannot be read, or an example with no text, is a ProfileError."""
    from crawler.relevance.labelled import read_article  # the reader of labelled files, shared with `evalprofile`

    examples = []
    for i, table in enumerate(tables):
        where = f"{source}: `examples[{i}]`"
        if table.file:
            path = Path(table.file)
            if not path.is_absolute():
                path = (base or Path.cwd()) / path
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
