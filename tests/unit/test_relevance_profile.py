from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.relevance.profile import GDELT_ENDPOINT, ProfileError, Term, load_profile, parse_profile
from crawler.relevance.scoring import score_article

MINIMAL = """
name = "t"
[[groups]]
name = "g"
terms = ["alpha"]
"""


def terms_of(profile: object) -> set[str]:
    return {t.text for g in profile.groups for t in g.terms}  # type: ignore[attr-defined]


def test_default_profile_loads_with_the_samples_topic() -> None:
    profile = load_profile()
    assert {"Huawei", "ZTE", "Nuctech", "Newtech", "华为", "中兴", "sécurité nationale", "national security"} <= terms_of(profile)
    assert set(profile.languages) >= {"fr", "en"}
    assert len(profile.seeds) >= 10 and profile.allowed_domains
    assert all(g.required for g in profile.groups)
    assert profile.window.since == date(2012, 1, 1)
    assert profile.budgets.pages_per_host > 0 and profile.budgets.depth > 0
    assert {q.kind for q in profile.queries} == {"gdelt", "rss"}


def test_default_profile_seeds_cover_ten_outlets_in_french_and_english() -> None:
    profile = load_profile()
    hosts = {s.split("/")[2].removeprefix("www.").removeprefix("feeds.") for s in profile.seeds}
    assert len(hosts) >= 10
    assert any("sitemap" in s for s in profile.seeds) and any("rss" in s or "feed" in s for s in profile.seeds)


def test_terms_per_language_are_merged_and_keep_their_language() -> None:
    profile = parse_profile(MINIMAL + '[[groups]]\nname = "h"\n[groups.terms]\nen = ["ban"]\nfr = ["interdiction"]\n')
    assert profile.groups[1].terms == (Term("ban", lang="en"), Term("interdiction", lang="fr"))


def test_a_spelling_listed_in_two_languages_counts_once_in_any_language() -> None:
    terms = '[groups.terms]\nen = ["gigafactory"]\nfr = [{ term = "gigafactory", weight = 2.0 }]\n'
    profile = parse_profile('name = "t"\n[[groups]]\nname = "g"\n' + terms)
    assert profile.groups[0].terms == (Term("gigafactory", 2.0, ""),)


def test_weighted_terms() -> None:
    profile = parse_profile('name = "t"\n[[groups]]\nname = "g"\nterms = ["a", { term = "national security", weight = 2.5 }]\n')
    assert profile.groups[0].terms == (Term("a"), Term("national security", 2.5))


def test_entities_join_their_group_under_their_name() -> None:
    profile = parse_profile(
        MINIMAL + '[[groups]]\nname = "company"\nmin_paragraphs = 2\n'
        '[[entities]]\nname = "Nuctech"\ngroup = "company"\naliases = ["Newtek", "同方威视"]\nweight = 1.5\n'
    )
    company = profile.groups[1]
    assert [(t.text, t.label, t.weight) for t in company.terms] == [
        ("Nuctech", "Nuctech", 1.5), ("Newtek", "Nuctech", 1.5), ("同方威视", "Nuctech", 1.5),
    ]  # fmt: skip
    assert company.min_paragraphs == 2


def test_an_entity_without_group_joins_the_first_one_and_a_duplicate_term_is_kept_once() -> None:
    profile = parse_profile(MINIMAL + '[[entities]]\nname = "Alpha"\naliases = ["Alfa"]\n')
    assert [(t.text, t.label) for t in profile.groups[0].terms] == [("Alpha", "Alpha"), ("Alfa", "Alpha")]


def test_window_budgets_seeds_and_queries() -> None:
    profile = parse_profile(
        MINIMAL
        + "[window]\nsince = 2018-01-01\nuntil = \"2020-12-31\"\n"
        + "[budgets]\npages_per_host = 50\ndepth = 6\n"
        + '[seeds]\npages = ["https://a.org/"]\nfeeds = ["https://a.org/rss"]\nsitemaps = ["https://a.org/sitemap.xml"]\n'
        + 'urls = ["https://a.org/"]\nallowed_domains = ["a.org"]\n'
        + '[[seeds.queries]]\nkind = "gdelt"\n'
        + '[[seeds.queries]]\nkind = "rss"\nurl = "https://news.example/search?q={query}&hl={lang}"\nlanguages = ["fr"]\n'
    )
    assert (profile.window.since, profile.window.until) == (date(2018, 1, 1), date(2020, 12, 31))
    assert (profile.budgets.pages_per_host, profile.budgets.depth) == (50, 6)
    assert profile.seeds == ("https://a.org/", "https://a.org/rss", "https://a.org/sitemap.xml")
    gdelt, rss = profile.queries
    assert gdelt.url == GDELT_ENDPOINT and gdelt.languages == ()
    assert rss.languages == ("fr",) and "{query}" in rss.url


def test_defaults_for_optional_tables() -> None:
    profile = parse_profile(MINIMAL)
    assert profile.min_score == 1.0 and profile.seeds == () and profile.negative_terms == ()
    assert profile.window.since is None and profile.budgets.pages_per_host == 0 and profile.queries == ()
    assert profile.groups[0].min_paragraphs == 1


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
        ('name = "t"\n[[groups]]\nname = "g"\nterms = "alpha"', r"`groups\[0\].terms` must be a list of terms"),
        ('name = "t"\n[[groups]]\nname = "g"\nterms = [{ weight = 2 }]', r"`groups\[0\].terms` must be a list of terms"),
        ('name = "t"\n[[groups]]\nname = "g"\nterms = []', "group 'g' has no terms"),
        (MINIMAL + '[scoring]\nmin_score = "high"', "`scoring.min_score` must be a number"),
        (MINIMAL + '[[entities]]\nname = "X"\ngroup = "nope"', r"`entities\[0\].group` must be the name of a group"),
        (MINIMAL + '[window]\nsince = "last year"', "`window.since` must be a date"),
        (MINIMAL + "[budgets]\npages_per_host = -1", "`budgets.pages_per_host` must be a whole number"),
        (MINIMAL + '[[seeds.queries]]\nkind = "bing"', r"`seeds.queries\[0\].kind` must be \"gdelt\" or \"rss\""),
        (MINIMAL + '[[seeds.queries]]\nkind = "rss"', r"`seeds.queries\[0\].url` must be a non-empty string"),
        (MINIMAL + '[[seeds.queries]]\nkind = "rss"\nurl = "https://x.org/s"', "a URL template with {query}"),
    ],
)
def test_bad_profiles_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message) as info:
        parse_profile(text, source="my.toml")
    assert str(info.value).startswith("my.toml: ")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load_profile(tmp_path / "nope.toml")


def test_the_default_profile_knows_its_chinese_companies_by_their_pinyin_names() -> None:
    profile = load_profile()
    text = "Tongfang Weishi scanners are barred on national security grounds.\nHaikang Weishi cameras too."
    matches = score_article("Scanners barred", text, profile).matches
    assert {"Nuctech", "Hikvision"} <= set(matches)
    assert {"Tongfang Weishi", "Haikang Weishi", "Hainengda", "Zhongguo Yidong"} <= terms_of(profile)


def test_the_default_profile_names_investment_reviews_and_security_labels_as_measures() -> None:
    text = "Huawei must sell.\nThe Cyber Trust Mark excludes it."
    verdict = score_article("CFIUS orders Huawei-backed fund to sell", text, load_profile())
    assert {"CFIUS", "Cyber Trust Mark"} <= set(verdict.matches)
