from __future__ import annotations

from pathlib import Path

import pytest

from crawler.relevance.profile import ProfileError, load_profile, parse_profile

MINIMAL = """
name = "t"
[[groups]]
name = "g"
terms = ["alpha"]
"""


def test_default_profile_loads_with_the_samples_topic() -> None:
    profile = load_profile()
    terms = {t for g in profile.groups for t in g.terms}
    assert {"Huawei", "ZTE", "Nuctech", "Newtech", "sécurité nationale", "national security"} <= terms
    assert set(profile.languages) >= {"fr", "en"}
    assert len(profile.seeds) >= 10 and profile.allowed_domains
    assert all(g.required for g in profile.groups)


def test_terms_per_language_are_merged() -> None:
    profile = parse_profile(MINIMAL + '[[groups]]\nname = "h"\n[groups.terms]\nen = ["ban"]\nfr = ["interdiction"]\n')
    assert profile.groups[1].terms == ("ban", "interdiction")


def test_defaults_for_optional_tables() -> None:
    profile = parse_profile(MINIMAL)
    assert profile.min_score == 1.0 and profile.seeds == () and profile.negative_terms == ()


def test_load_from_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL, "utf-8")
    assert load_profile(path).source == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not valid TOML"),
        ('[[groups]]\nname = "g"\nterms = ["a"]', "`name` must be a non-empty string"),
        ('name = "t"', "`groups` must be an array of tables"),
        ('name = "t"\n[[groups]]\nname = "g"\nterms = "alpha"', "`terms` must be a list of non-empty strings"),
        ('name = "t"\n[[groups]]\nname = "g"\nterms = []', "group 'g' has no terms"),
        (MINIMAL + '[scoring]\nmin_score = "high"', "`min_score` must be a number"),
    ],
)
def test_bad_profiles_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message) as info:
        parse_profile(text, source="my.toml")
    assert str(info.value).startswith("my.toml: ")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load_profile(tmp_path / "nope.toml")
