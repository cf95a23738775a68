"""The profile file's schema (pydantic): every table and key a profile may have, with types and ranges.

`check_profile(data, source)` refuses an unknown key or table, naming the
file, the key's path and the nearest valid key
("`scoring.min_scor`: unknown key; did you mean `min_score`?"), and a value of
the wrong type or out of range ("`scoring.min_score` must be a number >= 0,
not 'high'"). One `ProfileError` (a ValueError), one line. `profile.py` then
builds the frozen `Profile` from the checked data.
"""

from __future__ import annotations

import difflib
import typing
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from crawler.relevance.profile_fields import ProfileError

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NUMBER = "a number >= 0"
COUNT = "a whole number >= 0"
STRINGS = "a list of non-empty strings"
TERMS = 'a list of terms: strings or { term = "...", weight = 2.0 } tables (or a table of such lists per language)'


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TermTable(_Table):
    term: Text = Field(description="a non-empty string")
    weight: float = Field(1.0, ge=0, description=NUMBER)


TermList = list[Text | TermTable]
Terms = TermList | dict[str, TermList]


class Scoring(_Table):
    min_score: float = Field(1.0, ge=0, description=NUMBER)
    title_weight: float = Field(2.0, ge=0, description=NUMBER)
    max_hits_per_term: int = Field(3, ge=1, description="a whole number >= 1")


class Window(_Table):
    since: date | str | None = Field(None, description="a date (2019-01-31)")
    until: date | str | None = Field(None, description="a date (2019-01-31)")


class Budgets(_Table):
    pages_per_host: int = Field(0, ge=0, description=COUNT)
    depth: int = Field(0, ge=0, description=COUNT)


class Group(_Table):
    name: Text = Field(description="a non-empty string")
    terms: Terms | None = Field(None, description=TERMS)
    weight: float = Field(1.0, ge=0, description=NUMBER)
    required: bool = Field(True, description="true or false")
    min_paragraphs: int = Field(1, ge=0, description=COUNT)
    references: Terms | None = Field(None, description=TERMS)


class Entity(_Table):
    name: Text = Field(description="a non-empty string")
    group: Text | None = Field(None, description="the name of a group")
    aliases: list[Text] | None = Field(None, description=STRINGS)
    weight: float = Field(1.0, ge=0, description=NUMBER)


class Negative(_Table):
    weight: float = Field(1.0, ge=0, description=NUMBER)
    terms: Terms | None = Field(None, description=TERMS)


class Query(_Table):
    kind: Literal["gdelt", "rss"] = Field(description='"gdelt" or "rss"')
    url: str | None = Field(None, description="a non-empty string")
    query: str = Field("", description="a string")
    languages: list[Text] | None = Field(None, description=STRINGS)
    max_records: int = Field(75, ge=1, description="a whole number >= 1")
    terms_per_group: int = Field(5, ge=1, description="a whole number >= 1")


class Seeds(_Table):
    urls: list[Text] | None = Field(None, description=STRINGS)
    pages: list[Text] | None = Field(None, description=STRINGS)
    feeds: list[Text] | None = Field(None, description=STRINGS)
    sitemaps: list[Text] | None = Field(None, description=STRINGS)
    allowed_domains: list[Text] | None = Field(None, description=STRINGS)
    queries: list[Query] | None = Field(None, description="an array of tables ([[seeds.queries]])")


class ExampleTable(_Table):
    on_topic: bool = Field(description="true or false")
    title: str = Field("", description="a string")
    text: str | None = Field(None, description="a string")
    file: Text | None = Field(None, description="a file path, relative to the profile")


class ModelTable(_Table):
    threshold: float = Field(0.6, ge=0, le=1, description="a number from 0 to 1")
    confident: float = Field(2.0, ge=1, description="a number >= 1")
    learn: bool = Field(True, description="true or false")
    min_learned: int = Field(5, ge=1, description="a whole number >= 1")
    max_learned: int = Field(300, ge=2, description="a whole number >= 2")
    learned_weight: float = Field(0.1, gt=0, le=1, description="a number above 0, at most 1")


class ProfileFile(_Table):
    name: Text = Field(description="a non-empty string")
    description: str = Field("", description="a string")
    languages: list[Text] | None = Field(None, description="a list of language codes")
    scoring: Scoring | None = Field(None, description="a table ([scoring])")
    window: Window | None = Field(None, description="a table ([window])")
    budgets: Budgets | None = Field(None, description="a table ([budgets])")
    groups: list[Group] = Field(description="an array of tables ([[groups]])")
    entities: list[Entity] | None = Field(None, description="an array of tables ([[entities]])")
    negative: Negative | None = Field(None, description="a table ([negative])")
    seeds: Seeds | None = Field(None, description="a table ([seeds])")
    examples: list[ExampleTable] | None = Field(None, description="an array of tables ([[examples]])")
    examples_from: list[Text] | None = Field(None, description="a list of paths")
    model: ModelTable | None = Field(None, description="a table ([model])")


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(loc: tuple[str | int, ...], through_unions: bool) -> tuple[str, type[BaseModel], str | None]:
    """The dotted path of an error's location, the table it is in, and the key it names (None: a key unknown).

    pydantic adds the members of a union to the location ("list[...]", "TermTable"): a wrong value stops at
    the key that holds the union (its description says all it may be); an unknown key goes through them.
    """
    model: type[BaseModel] = ProfileFile
    path, field, dict_key = "", None, False
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
            continue
        if dict_key:
            path, dict_key = _join(path, part), False
            continue
        if "[" in part or part in MODELS or part in ("str", "constrained-str", "int", "float", "bool", "date"):
            if not through_unions and field is not None:
                break
            dict_key = part.startswith("dict[")
            if part in MODELS:
                model, field = MODELS[part], None
            continue
        if field is not None:
            inner = _models_in(model.model_fields[field].annotation)
            if inner:
                model, field = inner[0], None
        path = _join(path, part)
        field = part if part in model.model_fields else None
    return path, model, field


def _all_models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [ProfileFile]
    while todo:
        m = todo.pop()
        if m.__name__ not in found:
            found[m.__name__] = m
            todo.extend(x for f in m.model_fields.values() for x in _models_in(f.annotation))
    return found


MODELS = _all_models()


def _message(error: Any, source: str) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        path, model, _ = _walk(loc, through_unions=True)
        key = str(loc[-1])
        near = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.6)
        hint = f"did you mean `{near[0]}`?" if near else f"valid keys: {', '.join(model.model_fields)}"
        return f"{source}: `{path}`: unknown key; {hint}"
    path, model, field = _walk(loc, through_unions=False)
    info = model.model_fields.get(field) if field else None
    expected = info.description if info is not None and info.description else error["msg"]
    shown = repr(error["input"])
    got = "it is missing" if error["type"] == "missing" else f"not {shown if len(shown) <= 80 else shown[:77] + '...'}"
    return f"{source}: `{path}` must be {expected}, {got}"


def check_profile(data: dict[str, Any], source: str) -> ProfileFile:
    """The profile's data checked against the schema; the first problem found raises ProfileError."""
    try:
        return ProfileFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        raise ProfileError(_message((unknown or errors)[0], source)) from None
