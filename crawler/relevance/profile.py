"""Topic profiles: what a crawl is about, read from a TOML file.

The format is documented in docs/profiles.md; the built-in default profile,
`crawler/profiles/default.toml`, is its worked example. `profile_schema.py`
checks a file's keys, types and ranges first (an unknown key is refused with
the nearest valid one); this module then builds the frozen `Profile`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from crawler.relevance.profile_examples import Example, read_example_sets, read_examples
from crawler.relevance.profile_fields import Fields, ProfileError
from crawler.relevance.profile_schema import check_profile
from crawler.relevance.window import DateWindow, parse_day

__all__ = [
    "Budgets", "Example", "ModelSettings", "Profile", "ProfileError", "QueryFeed", "Term", "TermGroup", "fill_hosts",
    "load_profile", "parse_profile",
]  # fmt: skip

QUERY_KINDS = ("gdelt", "rss")
HOST_PLACEHOLDER = re.compile(r"\{\{host:([A-Za-z0-9_-]+)\}\}")  # a template's `{{host:NAME}}`, filled before a crawl
GDELT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"


@dataclass(frozen=True)
class Term:
    """One spelling to match: its weight (times its group's), language ("" = any) and reported name."""

    text: str
    weight: float = 1.0
    lang: str = ""
    label: str = ""  # what `topic_matches` reports: an entity's name for its aliases

    @property
    def name(self) -> str:
        return self.label or self.text


@dataclass(frozen=True)
class TermGroup:
    """One concept: its terms (all languages), weight, whether it must match, and how widely."""

    name: str
    terms: tuple[Term, ...]
    weight: float = 1.0
    required: bool = True
    min_paragraphs: int = 1  # a match must be in the title or in at least this many paragraphs
    # Phrases that, after "the" or "le", refer back to the group's one named entity ("the Chinese group"): mentions
    # of it that add to the score (up to `max_hits_per_term`), never places.
    references: tuple[Term, ...] = ()


@dataclass(frozen=True)
class QueryFeed:
    """A news search asked at the start of a crawl: GDELT's DOC API or a search answering RSS."""

    kind: str  # "gdelt" or "rss"
    url: str  # gdelt: the API endpoint; rss: a template with {query} and {lang}
    query: str = ""  # fixed query; "" = built from the profile's terms, one per language
    languages: tuple[str, ...] = ()  # () = the profile's languages
    max_records: int = 75
    terms_per_group: int = 5


@dataclass(frozen=True)
class Budgets:
    """Limits of one crawl; 0 means "not set" (the settings decide)."""

    pages_per_host: int = 0
    depth: int = 0


@dataclass(frozen=True)
class ModelSettings:
    """How the learnt topic model takes part (`judge.py`): the profile's [model] table."""

    threshold: float = 0.6  # P(on topic) from which a model of many texts keeps an uncertain middle article
    confident: float = 2.0  # kept without asking the model from `confident` x `min_score`
    learn: bool = True  # learn from the crawl's confident decisions
    min_learned: int = 5  # confident decisions of each kind before a profile without examples gets a model
    max_learned: int = 300  # confident decisions remembered (the oldest forgotten first)
    learned_weight: float = 0.1  # what one confident decision weighs in training, against 1 for a profile example


@dataclass(frozen=True)
class Profile:
    """A topic: term groups and scoring rules, date window, seeds, domains and budgets."""

    name: str
    groups: tuple[TermGroup, ...]
    languages: tuple[str, ...] = ()
    description: str = ""
    min_score: float = 1.0
    title_weight: float = 2.0
    max_hits_per_term: int = 3
    negative_terms: tuple[Term, ...] = ()
    negative_weight: float = 1.0
    window: DateWindow = DateWindow()
    seeds: tuple[str, ...] = ()
    queries: tuple[QueryFeed, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    budgets: Budgets = Budgets()
    examples: tuple[Example, ...] = field(default=(), compare=False)
    model: ModelSettings = ModelSettings()
    source: str = field(default="", compare=False)


def default_profile_text() -> str:
    """The built-in profile's TOML text (works from a wheel or an egg too)."""
    return resources.files("crawler.profiles").joinpath("default.toml").read_text("utf-8")


def load_profile(path: str | Path | None = None) -> Profile:
    """Read a profile file; no path (or "") means the built-in default profile."""
    if not path:
        folder = resources.files("crawler.profiles")  # where the built-in profile's example files are (maybe an egg)
        return parse_profile(default_profile_text(), source="<default profile>", base=folder)
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise ProfileError(f"{p}: cannot read the profile: {exc.strerror or exc}") from exc
    return parse_profile(text, source=str(p), base=p.parent)


def fill_hosts(text: str, hosts: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """A profile template's text with its `{{host:NAME}}` placeholders replaced by `hosts[NAME]` (a base URL), and the
    names it holds that `hosts` does not give, left as they are."""
    missing = tuple(dict.fromkeys(m for m in HOST_PLACEHOLDER.findall(text) if m not in hosts))
    filled = HOST_PLACEHOLDER.sub(lambda m: hosts.get(m.group(1), m.group(0)).rstrip("/"), text)
    return filled, missing


def parse_profile(text: str, source: str = "<string>", base: Path | Traversable | None = None) -> Profile:
    """Parse and check a profile's TOML text; errors name the source and the key. `base`: where example files are
    (a package's folder, maybe inside an archive, for the built-in profile)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    checked = check_profile(data, source)
    top = Fields(source)
    name = top.string(data, "name")
    languages = tuple(top.strings(data, "languages", required=False))
    raw_groups = top.tables(data, "groups")
    if not raw_groups:
        raise top.error("`groups` needs at least one [[groups]] table of terms")
    groups = _with_entities([_group(top.at(f"groups[{i}]"), g) for i, g in enumerate(raw_groups)], top, data)
    scoring = top.table(data, "scoring", required=False)
    negative = top.table(data, "negative", required=False)
    seeds = top.table(data, "seeds", required=False)
    sf = top.at("seeds")
    urls = [u for key in ("urls", "pages", "feeds", "sitemaps") for u in sf.strings(seeds, key, required=False)]
    queries = [_query(sf.at(f"queries[{i}]"), q) for i, q in enumerate(sf.tables(seeds, "queries", required=False))]
    budgets = top.table(data, "budgets", required=False)
    bf = top.at("budgets")
    return Profile(
        name=name,
        description=str(data.get("description", "")),
        languages=languages,
        groups=groups,
        min_score=top.at("scoring").number(scoring, "min_score", 1.0),
        title_weight=top.at("scoring").number(scoring, "title_weight", 2.0),
        max_hits_per_term=top.at("scoring").count(scoring, "max_hits_per_term", 3),
        negative_terms=tuple(_terms(top.at("negative"), negative, "terms", required=False)),
        negative_weight=top.at("negative").number(negative, "weight", 1.0),
        window=_window(top, data),
        seeds=tuple(dict.fromkeys(urls)),
        queries=tuple(queries),
        allowed_domains=tuple(sf.strings(seeds, "allowed_domains", required=False)),
        budgets=Budgets(bf.count(budgets, "pages_per_host", 0), bf.count(budgets, "depth", 0)),
        examples=read_examples(checked.examples or [], source, base if isinstance(base, Path) else None)
        + read_example_sets(checked.examples_from or [], source, base),
        model=ModelSettings(**checked.model.model_dump()) if checked.model else ModelSettings(),
        source=source,
    )


def _terms(f: Fields, raw: dict[str, Any], key: str, required: bool = True) -> list[Term]:
    """`key` as a list of terms, or a table of such lists per language."""
    value = raw.get(key)
    if value is None and not required:
        return []
    if isinstance(value, dict):
        return [t for lang in value for t in _term_list(f.at(key), value, lang, lang)]
    return _term_list(f, raw, key, "")


def _term_list(f: Fields, raw: dict[str, Any], key: str, lang: str) -> list[Term]:
    value = raw.get(key)
    expected = 'a list of terms: strings or { term = "...", weight = 2.0 } tables'
    if not isinstance(value, list):
        raise f.fail(key, expected, value)
    terms = []
    for item in value:
        if isinstance(item, str) and item.strip():
            terms.append(Term(item.strip(), lang=lang))
        elif isinstance(item, dict) and isinstance(item.get("term"), str) and item["term"].strip():
            terms.append(Term(item["term"].strip(), f.at(key).number(item, "weight", 1.0), lang))
        else:
            raise f.fail(key, expected, item)
    return terms


def _group(f: Fields, raw: dict[str, Any]) -> TermGroup:
    return TermGroup(
        name=f.string(raw, "name"),
        terms=tuple(_terms(f, raw, "terms", required=False)),
        weight=f.number(raw, "weight", 1.0),
        required=f.boolean(raw, "required", True),
        min_paragraphs=max(1, f.count(raw, "min_paragraphs", 1)),
        references=tuple(_terms(f, raw, "references", required=False)),
    )


def _with_entities(groups: list[TermGroup], top: Fields, data: dict[str, Any]) -> tuple[TermGroup, ...]:
    """Each [[entities]] table adds its name and aliases, reported under its name, to its group."""
    by_name = {g.name: g for g in groups}
    for i, raw in enumerate(top.tables(data, "entities", required=False)):
        f = top.at(f"entities[{i}]")
        name = f.string(raw, "name")
        group = f.string(raw, "group", groups[0].name)
        if group not in by_name:
            raise f.fail("group", f"the name of a group ({', '.join(by_name)})", group)
        weight = f.number(raw, "weight", 1.0)
        spellings = [name, *f.strings(raw, "aliases", required=False)]
        added = tuple(Term(s, weight, label=name) for s in spellings)
        target = by_name[group]
        by_name[group] = replace(target, terms=target.terms + added)
    result = []
    for g in by_name.values():
        seen: dict[str, Term] = {}
        for t in g.terms:  # one term per spelling: an entity's name wins, one in two languages is in any
            key, old = t.text.casefold(), seen.get(t.text.casefold())
            if old is None or (t.label and not old.label):
                seen[key] = t
            elif old.lang != t.lang:
                seen[key] = Term(old.text, max(old.weight, t.weight), "", old.label)
        unique = tuple(seen.values())
        if not unique:
            raise top.error(f"group {g.name!r} has no terms (give it `terms` or [[entities]] with group = {g.name!r})")
        result.append(replace(g, terms=unique))
    return tuple(result)


def _window(top: Fields, data: dict[str, Any]) -> DateWindow:
    raw = top.table(data, "window", required=False)
    days = {}
    for key in ("since", "until"):
        if key in raw:
            days[key] = parse_day(raw[key])
            if days[key] is None:
                raise top.at("window").fail(key, "a date (2019-01-31)", raw[key])
    return DateWindow(days.get("since"), days.get("until"))


def _query(f: Fields, raw: dict[str, Any]) -> QueryFeed:
    kind = f.string(raw, "kind")
    if kind not in QUERY_KINDS:
        raise f.fail("kind", " or ".join(f'"{k}"' for k in QUERY_KINDS), kind)
    url = f.string(raw, "url", GDELT_ENDPOINT if kind == "gdelt" else None)
    if not url.lower().startswith(("http://", "https://")):
        raise f.fail("url", "an http(s) URL", url)
    if kind == "rss" and "{query}" not in url:
        raise f.fail("url", "a URL template with {query}", url)
    return QueryFeed(
        kind=kind,
        url=url,
        query=str(raw.get("query", "")).strip(),
        languages=tuple(f.strings(raw, "languages", required=False)),
        max_records=max(1, f.count(raw, "max_records", 75)),
        terms_per_group=max(1, f.count(raw, "terms_per_group", 5)),
    )
