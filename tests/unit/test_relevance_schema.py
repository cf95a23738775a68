"""Strict profile validation: unknown keys and tables refused with the nearest valid key; types and ranges checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.relevance.profile import ProfileError, load_profile, parse_profile

MINIMAL = 'name = "t"\n[[groups]]\nname = "g"\nterms = ["alpha"]\n'


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[scoring]\nmin_scor = 5.0", "`scoring.min_scor`: unknown key; did you mean `min_score`?"),
        ("[scorring]\nmin_score = 5.0", "`scorring`: unknown key; did you mean `scoring`?"),
        ("[seeds]\nfeedz = []", "`seeds.feedz`: unknown key; did you mean `feeds`?"),
        ('[[seeds.queries]]\nkind = "rss"\nurls = "x"', r"`seeds.queries\[0\].urls`: unknown key; did you mean `url`?"),
        ('[[entities]]\nname = "X"\naliase = ["Y"]', r"`entities\[0\].aliase`: unknown key; did you mean `aliases`?"),
        (
            '[[groups]]\nname = "h"\n[groups.terms]\nen = [{ term = "x", wieght = 2 }]',
            r"`groups\[1\].terms.en\[0\].wieght`: unknown key; did you mean `weight`?",
        ),
        ("[model]\nthreshhold = 0.5", "`model.threshhold`: unknown key; did you mean `threshold`?"),
        ("zzz = 1", r"`groups\[0\].zzz`: unknown key; valid keys: name, terms, weight, required, min_paragraphs"),
    ],
)
def test_an_unknown_key_or_table_is_refused_with_the_nearest_valid_one(extra: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message) as info:
        parse_profile(MINIMAL + extra, source="my.toml")
    assert str(info.value).startswith("my.toml: ") and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[scoring]\nmin_score = -1", r"`scoring.min_score` must be a number >= 0, not -1"),
        ("[scoring]\nmax_hits_per_term = 0", r"`scoring.max_hits_per_term` must be a whole number >= 1, not 0"),
        ("[scoring]\ntitle_weight = true", r"`scoring.title_weight` must be a number >= 0, not True"),
        ("[model]\nthreshold = 1.5", r"`model.threshold` must be a number from 0 to 1, not 1.5"),
        ('[model]\nlearn = "yes"', r"`model.learn` must be true or false, not 'yes'"),
        ('[[examples]]\ntitle = "x"\ntext = "y"', r"`examples\[0\].on_topic` must be true or false, it is missing"),
        ("[[examples]]\non_topic = true", r"`examples\[0\]` needs a `text` or a `file`"),
        ('[seeds]\nfeeds = "https://a.org/rss"', "`seeds.feeds` must be a list of non-empty strings"),
        ('[[groups]]\nname = "h"\nterms = ["a"]\nmin_paragraphs = "2"', r"`groups\[1\].min_paragraphs` must be a whole number"),
    ],
)
def test_types_and_ranges_are_checked(extra: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(MINIMAL + extra, source="my.toml")


def test_the_profiles_shipped_and_tested_are_valid() -> None:
    assert load_profile().examples
    batteries = Path(__file__).resolve().parents[1] / "data" / "relevance" / "profile_batteries.toml"
    text = (
        batteries.read_text("utf-8")
        .replace("{{host:energie}}", "http://127.0.0.1:1")
        .replace("{{host:newsapi}}", "http://127.0.0.1:2")
    )
    assert parse_profile(text).examples


def test_examples_from_files_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "on.txt").write_text("A title\n\nFirst paragraph.\nSecond paragraph.\n", "utf-8")
    (tmp_path / "ex" / "off.html").write_text("<html><head><title>Off</title></head><body><p>Cheese.</p></body></html>", "utf-8")
    path = tmp_path / "p.toml"
    path.write_text(
        MINIMAL + '[[examples]]\non_topic = true\nfile = "ex/on.txt"\n[[examples]]\non_topic = false\nfile = "ex/off.html"\n'
    )
    on, off = load_profile(path).examples
    assert (on.title, on.text, on.on_topic) == ("A title", "First paragraph.\nSecond paragraph.", True)
    assert (off.title, off.text, off.on_topic) == ("Off", "Cheese.", False)
    path.write_text(MINIMAL + '[[examples]]\non_topic = true\nfile = "ex/missing.txt"\n')
    with pytest.raises(ProfileError, match=r"`examples\[0\]`.file: cannot read"):
        load_profile(path)


def test_examples_from_a_labelled_set_or_a_folder_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "ex" / "on_topic").mkdir(parents=True)
    (tmp_path / "ex" / "off_topic").mkdir()
    (tmp_path / "ex" / "on_topic" / "a.txt").write_text("On title\nOn text.\n", "utf-8")
    (tmp_path / "ex" / "off_topic" / "b.md").write_text("Off title\nOff text.\n", "utf-8")
    (tmp_path / "set.toml").write_text(
        '[[article]]\nid = "x"\non_topic = false\ntitle = "Set title"\ntext = "Set text."\n', "utf-8"
    )
    path = tmp_path / "p.toml"
    path.write_text('examples_from = ["ex", "set.toml"]\n' + MINIMAL + '[[examples]]\non_topic = true\ntext = "Inline."\n')
    examples = load_profile(path).examples
    assert [(e.title, e.text, e.on_topic) for e in examples] == [
        ("", "Inline.", True),  # the profile's own examples first, then each path's in order
        ("On title", "On text.", True),
        ("Off title", "Off text.", False),
        ("Set title", "Set text.", False),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["missing.toml"]', r"p.toml: `examples_from\[0\]`: no such file or folder: .*missing.toml$"),
        ('["ok.toml", "empty"]', r"`examples_from\[1\]`: .*empty: no labelled articles"),
        ('["notes.txt"]', r"`examples_from\[0\]`: .*notes.txt: not a folder of labelled files nor a .toml labelled set"),
        ('["bad.toml"]', r"`examples_from\[0\]`: .*bad.toml: not a labelled set"),
        ('"ok.toml"', "`examples_from` must be a list of paths"),
    ],
)
def test_a_bad_examples_from_path_is_one_line_naming_it(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "ok.toml").write_text('[[article]]\nid = "x"\non_topic = true\ntitle = "T"\ntext = "X."\n', "utf-8")
    (tmp_path / "bad.toml").write_text('[[article]]\nid = "x"\n', "utf-8")
    (tmp_path / "notes.txt").write_text("A title\nA text.\n", "utf-8")
    (tmp_path / "empty").mkdir()
    path = tmp_path / "p.toml"
    path.write_text(f"examples_from = {value}\n" + MINIMAL)
    with pytest.raises(ProfileError, match=message) as info:
        load_profile(path)
    assert "\n" not in str(info.value)


def test_examples_from_a_package_folder_inside_an_archive(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "profiles.egg"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/set.toml", '[[article]]\nid = "x"\non_topic = true\ntitle = "T"\ntext = "Packed."\n')
        zf.writestr("pkg/labels/on_topic/a.txt", "A\nB.\n")
    base = zipfile.Path(archive, "pkg/")
    (packed,) = parse_profile('examples_from = ["set.toml"]\n' + MINIMAL, source="p.toml", base=base).examples
    assert (packed.title, packed.text, packed.on_topic) == ("T", "Packed.", True)
    with pytest.raises(ProfileError, match=r"`examples_from\[0\]`: .*only a .toml labelled set is read from a package"):
        parse_profile('examples_from = ["labels"]\n' + MINIMAL, source="p.toml", base=base)
    with pytest.raises(ProfileError, match=r"`examples_from\[0\]`: no such file or folder"):
        parse_profile('examples_from = ["missing.toml"]\n' + MINIMAL, source="p.toml", base=base)
