"""Errors a user made (a setting, an argument, a file) and the nearest valid word to suggest.

A `UserError` is reported by the commands as one or two lines on stderr and
exit code 2, never as a traceback (`--loglevel DEBUG` adds it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class UserError(ValueError):
    """A mistake in what the user gave: the message says what, where, and what is accepted."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean `x`?" for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def refuse_unknown_arguments(given: Iterable[str], known: Iterable[str], spider: str) -> None:
    """UserError for the first `-a` name not in `known` (names starting with "_", like scrapyd's `_job`, pass)."""
    names = list(known)
    for name in given:
        if name not in names and not name.startswith("_"):
            raise UserError(f"-a {name}=: unknown argument of spider `{spider}`{did_you_mean(name, names)} "
                            f"(its arguments: {', '.join(names)})")
