"""`scrapy evalprofile PROFILE LABELLED`: precision and recall of a topic profile on labelled articles.

PROFILE is a profile file (`default` for the built-in one). LABELLED is a folder
with `on_topic/` and `off_topic/` subfolders of articles (.txt with the title on
the first line, .md, or .html), or a TOML labelled set (`[[article]]` tables
with id, title, text, on_topic; `--split tune|held` reads one half of it from
the `splits.toml` beside it). The articles are judged in order exactly as the
relevance stage judges a crawl's (rules, then the profile's topic model for the
uncertain middle, learning from confident decisions unless `--no-learn`), and
also by the rules alone, for comparison. Prints one line for each, and with
`-v` the articles each got wrong and why. Exit code 2 on a bad profile or path.

A profile template whose seeds hold `{{host:NAME}}` placeholders (the test
profiles, filled with the fixture web's addresses before a crawl) is read with
each placeholder given by `--host NAME=URL`, or else `http://NAME.invalid`, and
a note says so: judging reads a profile's terms, rules and examples, never its
seeds or query feeds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.relevance.judge import TopicJudge
from crawler.relevance.labelled import LabelledArticle, Scores, evaluate, read_labelled
from crawler.relevance.profile import Profile, ProfileError, fill_hosts, load_profile, parse_profile
from crawler.relevance.scoring import score_article


def evaluate_profile(profile: Profile, articles: list[LabelledArticle], learn: bool = True) -> tuple[Scores, Scores]:
    """(rules alone, rules and model) over the articles, in order."""

    def rules(a: LabelledArticle) -> tuple[bool, str]:
        verdict = score_article(a.title, a.text, profile)
        return verdict.relevant, f"score {verdict.score}, missing {', '.join(verdict.missing_groups) or 'nothing'}"

    judge = TopicJudge(profile)

    def judged(a: LabelledArticle) -> tuple[bool, str]:
        judgement = judge.judge(a.title, a.text, learn=learn)
        return judgement.relevant, judgement.why()

    return evaluate(articles, rules), evaluate(articles, judged)


def read_profile(path: str, hosts: dict[str, str]) -> tuple[Profile, tuple[str, ...]]:
    """The profile at `path` (`default`: the built-in one), its `{{host:NAME}}` placeholders filled from `hosts` or
    with `http://NAME.invalid`; and the names filled that way."""
    if path == "default":
        return load_profile(None), ()
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        raise ProfileError(f"{file}: cannot read the profile: {exc.strerror or exc}") from exc
    text, missing = fill_hosts(text, hosts)
    text, _ = fill_hosts(text, {name: f"http://{name}.invalid" for name in missing})
    return parse_profile(text, source=str(file), base=file.parent), missing


def _hosts(pairs: list[str]) -> dict[str, str]:
    hosts = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not sep or not name or not url.startswith(("http://", "https://")):
            raise UsageError(f"--host wants NAME=http(s)://..., not {pair!r}")
        hosts[name] = url
    return hosts


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "PROFILE LABELLED [--split tune|held] [--no-learn] [--host NAME=URL ...] [-v]"

    def short_desc(self) -> str:
        return "Precision and recall of a topic profile on a folder (or TOML set) of labelled articles"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--split", choices=("tune", "held"), help="one half of a TOML set, from splits.toml beside it")
        parser.add_argument("--no-learn", action="store_true", help="the model learns only from the profile's examples")
        parser.add_argument(
            "--host", action="append", default=[], metavar="NAME=URL", help="fill a profile template's {{host:NAME}}"
        )
        parser.add_argument("-v", "--verbose", action="store_true", help="list the articles judged wrong, and why")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give a profile (a file, or `default`) and a folder or TOML set of labelled articles")
        hosts = _hosts(opts.host)
        try:
            profile, unfilled = read_profile(args[0], hosts)
            articles = read_labelled(Path(args[1]), opts.split)
        except (ProfileError, ValueError, OSError) as exc:
            print(f"scrapy evalprofile: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        rules, judged = evaluate_profile(profile, articles, learn=not opts.no_learn)
        print(f"profile {profile.name} ({profile.source}), {len(articles)} labelled articles from {args[1]}")
        if unfilled:
            names = ", ".join(f"{{{{host:{n}}}}}" for n in unfilled)
            print(f"  note: the profile is a template; {names} read as http://NAME.invalid (judging never uses seeds)")
        model = "with its topic model" if profile.examples else "no examples: rules, and a model once the crawl has learnt one"
        print(f"  rules alone:      {rules.line()}")
        print(f"  the crawl's judgement ({model}): {judged.line()}")
        if opts.verbose:
            for line in judged.wrong:
                print(f"    {line}")
