"""The labelled sets written for issue-level figures: their shape, their committed split, and the profiles' figures on them.

tests/data/relevance/news_default.toml (default profile) and news_batteries.toml (the batteries profile) were
written independently of the profiles' terms and split at random (scripts/split_labelled.py, fixed seed) into a
tuning half and a held-back half before any tuning; news_default_stories.toml, a second default set about other
stories, was split by story (translated twins in one half) and scored only once the method was fixed;
news_default_fresh.toml, a third (wire items and long features), was written and split by story before the middle
band's rule changed and scored once after; news_default_fourth.toml, a fourth (more kinds of hard negatives), was
written and split by story as an independent test set before it was scored, and scored once more after the
method was fixed on its tuning half and the earlier sets; news_default_fifth.toml, a fifth (more ways of naming the
companies and the measures), was written and split by story as an independent test set before any scoring;
news_default_sixth.toml, a sixth (the measures told by lawmakers, operators, ministries and local papers; US
measures on other topics and other countries' own disputes as near misses), likewise. The
tuning halves and labelled.toml are now the default profile's example articles (crawler/profiles/default_examples.toml,
written by scripts/profile_examples.py); a held-back half is never one of them. The figures are measured as
`scrapy evalprofile` does.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from crawler.commands.evalprofile import evaluate_profile
from crawler.relevance.labelled import read_labelled
from crawler.relevance.profile import Profile, load_profile, parse_profile

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "relevance"
SPLITS = tomllib.loads((DATA / "splits.toml").read_text("utf-8"))


def batteries() -> Profile:
    text = (DATA / "profile_batteries.toml").read_text("utf-8")
    return parse_profile(text.replace("{{host:energie}}", "http://127.0.0.1:1").replace("{{host:newsapi}}", "http://127.0.0.1:2"))


@pytest.mark.parametrize(("name", "size", "per_stratum"), [("news_default", 150, 35), ("news_batteries", 40, 10)])
def test_sets_are_big_bilingual_balanced_and_split_in_halves(name: str, size: int, per_stratum: int) -> None:
    articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
    ids = [a["id"] for a in articles]
    assert len(articles) >= size and len(set(ids)) == len(ids)
    strata = Counter((a["lang"], a["on_topic"]) for a in articles)
    assert all(strata[(lang, label)] >= per_stratum for lang in ("fr", "en") for label in (True, False)), strata
    assert all(len((a["title"] + " " + a["text"]).split()) >= 145 for a in articles)
    tune, held = set(SPLITS[name]["tune"]), set(SPLITS[name]["held"])
    assert not tune & held and tune | held == set(ids) and abs(len(tune) - len(held)) <= len(ids) // 10


@pytest.mark.parametrize(
    ("name", "size", "per_stratum", "twins", "earlier_sets"),
    [
        ("news_default_stories", 80, 20, 10, ("news_default", "labelled")),
        ("news_default_fresh", 60, 15, 8, ("news_default", "labelled", "news_default_stories")),
        ("news_default_fourth", 80, 20, 6, ("news_default", "labelled", "news_default_stories", "news_default_fresh")),
        (
            "news_default_fifth",
            80,
            20,
            6,
            ("news_default", "labelled", "news_default_stories", "news_default_fresh", "news_default_fourth"),
        ),
        (
            "news_default_sixth",
            80,
            20,
            6,
            (
                "news_default",
                "labelled",
                "news_default_stories",
                "news_default_fresh",
                "news_default_fourth",
                "news_default_fifth",
            ),
        ),
    ],
)
def test_later_default_sets_are_split_by_story_and_tell_new_stories(
    name: str, size: int, per_stratum: int, twins: int, earlier_sets: tuple[str, ...]
) -> None:
    articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
    ids = [a["id"] for a in articles]
    assert len(articles) >= size and len(set(ids)) == len(ids)
    strata = Counter((a["lang"], a["on_topic"]) for a in articles)
    assert all(strata[(lang, label)] >= per_stratum for lang in ("fr", "en") for label in (True, False)), strata
    tune, held = set(SPLITS[name]["tune"]), set(SPLITS[name]["held"])
    assert not tune & held and tune | held == set(ids) and abs(len(tune) - len(held)) <= len(ids) // 10
    story_of = {a["id"]: a["story"] for a in articles}
    assert not {story_of[i] for i in tune} & {story_of[i] for i in held}  # twins never straddle the halves
    assert sum(1 for n in Counter(story_of.values()).values() if n > 1) >= twins
    sets = [tomllib.loads((DATA / f"{n}.toml").read_text("utf-8"))["article"] for n in earlier_sets]
    earlier = {a["title"] for arts in sets for a in arts}
    assert not earlier & {a["title"] for a in articles}


@pytest.mark.parametrize(
    ("name", "short", "long"), [("news_default_fresh", 20, 6), ("news_default_fourth", 30, 8), ("news_default_fifth", 30, 8)]
    + [("news_default_sixth", 30, 4)],
)
def test_later_sets_mix_wire_items_and_long_features(name: str, short: int, long: int) -> None:
    articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
    paragraphs = [len([p for p in a["text"].splitlines() if p.strip()]) for a in articles]
    assert sum(1 for n in paragraphs if n <= 3) >= short and sum(1 for n in paragraphs if n >= 6) >= long


@pytest.mark.parametrize(
    ("name", "more_off_kinds", "more_on_kinds"),
    [
        ("news_default", set(), set()),
        ("news_default_fourth", {"patent-suit", "cyberattack", "sponsorship", "tariffs"}, set()),
        (
            "news_default_fifth",
            {"patent-suit", "cyberattack", "sponsorship", "tariffs", "non-chinese-target", "foreign-business"},
            {"customs", "state-law"},
        ),
    ],
)
def test_hard_negatives_of_every_kind_asked_for(name: str, more_off_kinds: set[str], more_on_kinds: set[str]) -> None:
    articles = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))["article"]
    kinds = Counter(a["kind"] for a in articles if not a["on_topic"])
    assert {"product", "results", "other-sanctions", "other-chinese-firm", "other-scanner"} | more_off_kinds <= set(kinds)
    on_kinds = set(Counter(a["kind"] for a in articles if a["on_topic"]))
    assert {"order", "list", "regulator", "court", "funding", "procurement", "allies", "spelling"} | more_on_kinds <= on_kinds


def test_the_default_profiles_example_articles_are_the_tuning_halves_never_a_held_back_one() -> None:
    shipped = tomllib.loads((ROOT / "crawler" / "profiles" / "default_examples.toml").read_text("utf-8"))["article"]
    sources = {(a["id"].split("/")[0], a["id"].split("/", 1)[1]) for a in shipped}
    held = {(name, i) for name, halves in SPLITS.items() for i in halves["held"]}
    assert sources and not sources & held
    tune = {(name, i) for name, halves in SPLITS.items() if name != "news_batteries" for i in halves["tune"]}
    assert tune <= sources  # every tuning half of the default topic, and labelled.toml (no held-back half)
    assert {name for name, _ in sources - tune} == {"labelled"}
    profile = load_profile()
    assert len(profile.examples) == len(shipped) + 18  # the profile's own 18, then the file's
    check = subprocess.run([sys.executable, "scripts/profile_examples.py", "--check"], cwd=ROOT, capture_output=True)
    assert check.returncode == 0, check.stderr  # the file is what the script writes from the sets today


def test_the_sixth_set_names_the_measures_and_the_near_misses_in_the_ways_asked_for() -> None:
    articles = tomllib.loads((DATA / "news_default_sixth.toml").read_text("utf-8"))["article"]
    on_kinds = {a["kind"] for a in articles if a["on_topic"]}
    off_kinds = {a["kind"] for a in articles if not a["on_topic"]}
    told_by = {"lawmaker", "operator", "ministry", "local"}
    measures = {"order", "list", "regulator", "court", "funding", "procurement", "allies", "customs", "state-law"}
    assert measures | told_by | {"export-licence"} <= on_kinds
    near_misses = {"product", "results", "other-sanctions", "other-chinese-firm", "other-scanner", "non-chinese-target"}
    assert near_misses | {"foreign-business", "foreign-dispute", "other-topic"} <= off_kinds
    paragraphs = [len([p for p in a["text"].splitlines() if p.strip()]) for a in articles]
    assert sum(1 for n in paragraphs if n <= 2) >= 15  # brief items as well as stories and features


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "split", "floor_precision", "floor_recall"),
    [
        # The tuning halves and labelled.toml are among the default profile's examples (default_examples.toml)
        # since the model learns from them: their figures are on articles it was fitted on.
        ("news_default", "tune", 0.97, 0.97),  # measured 1.000 / 1.000 (before the examples: 1.000 / 0.974)
        ("news_default", "held", 0.97, 0.97),  # measured 1.000 / 1.000 (tuned on since: see docs/profiles.md)
        ("news_batteries", "tune", 0.9, 0.9),  # measured 1.000 / 1.000
        ("news_batteries", "held", 0.9, 0.9),  # measured 0.909 / 1.000; 1.000 / 1.000 once barely named keeps were the model's
        ("labelled", None, 0.97, 0.97),  # measured 1.000 / 1.000 (before the examples: 0.972 / 1.000)
        # The second default set, split by story, tuned on since its first scoring (1.000 / 0.810 on each half).
        ("news_default_stories", "tune", 0.97, 0.94),  # measured 1.000 / 0.952 (before the examples: 1.000 / 0.905)
        ("news_default_stories", "held", 0.97, 0.97),  # measured 1.000 / 1.000
        # The third, written and split before the middle band's rule changed, scored once after: 1.000 / 1.000 on
        # the tuning half and 1.000 / 0.938 (15 of 16) on the held-back half; the method before, 0.750 and 0.875.
        # Its held-back half, scored once more after the profile shipped its tuning halves as examples: 1.000 / 1.000.
        ("news_default_fresh", "tune", 0.97, 0.97),
        ("news_default_fresh", "held", 0.97, 0.97),
        # The fourth, written and split by story as an independent test set, scored once by the method before the
        # covered list's carriers and linked names (tuning half 1.000 / 0.700, held-back half 0.933 / 0.700) and
        # once after: 1.000 / 0.950 on the tuning half (tuned on) and 0.944 / 0.850 on the held-back half.
        # With the tuning halves as the profile's examples, the held-back half scored once more: 0.950 / 0.950.
        ("news_default_fourth", "tune", 0.97, 0.94),
        ("news_default_fourth", "held", 0.95, 0.95),
        # The fifth, written and split by story as an independent test set; its tuning half scored 1.000 / 0.750 by
        # the method before former names, pinyin names and references, and 1.000 / 0.950 after (tuned on). Its
        # held-back half, scored once before and once after without being read: 0.900 / 0.900 both times.
        # With the tuning halves as the profile's examples, the held-back half scored once more: 0.950 / 0.950.
        ("news_default_fifth", "tune", 0.97, 0.97),
        ("news_default_fifth", "held", 0.95, 0.95),
        # The sixth, written and split by story as an independent test set, scored once before any change: tuning
        # half 1.000 / 0.850 (three keeps of the rules with the measure barely named, dropped unasked), held-back
        # half 1.000 / 0.950. Its tuning half then joined the examples and such keeps went to the model: tuning half
        # 1.000 / 1.000 (fitted on), held-back half scored once more without being read: 1.000 / 0.950.
        ("news_default_sixth", "tune", 0.97, 0.97),
        ("news_default_sixth", "held", 0.95, 0.95),
    ],
)
def test_precision_and_recall_of_the_crawls_judgement(
    name: str, split: str | None, floor_precision: float, floor_recall: float
) -> None:
    profile = batteries() if name == "news_batteries" else load_profile()
    _, judged = evaluate_profile(profile, read_labelled(DATA / f"{name}.toml", split))
    assert judged.precision >= floor_precision and judged.recall >= floor_recall, (judged.line(), judged.wrong)
