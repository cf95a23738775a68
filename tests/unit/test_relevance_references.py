"""A group's references ("the Chinese group") count as mentions of the one entity the text has named."""

from __future__ import annotations

import pytest

from crawler.relevance.profile import ProfileError, parse_profile
from crawler.relevance.scoring import score_article

PROFILE = parse_profile(
    """
name = "r"
languages = ["en", "fr"]
[scoring]
min_score = 1.0
max_hits_per_term = 3
[[groups]]
name = "company"
weight = 2.0
min_paragraphs = 2
[groups.references]
en = ["Chinese group", "Shenzhen-based maker"]
fr = ["constructeur de Shenzhen"]
[[entities]]
name = "Acme"
[[entities]]
name = "Bolt"
[[groups]]
name = "measure"
terms = ["ban"]
"""
)
PLAIN = parse_profile(
    """
name = "p"
[scoring]
min_score = 1.0
[[groups]]
name = "company"
weight = 2.0
[[entities]]
name = "Acme"
[[groups]]
name = "measure"
terms = ["ban"]
"""
)


def company(title: str, text: str, profile: object = PROFILE) -> float:
    verdict = score_article(title, text, profile)  # type: ignore[arg-type]
    return verdict.score - 1.0  # the measure's one "ban" in the text


def test_a_reference_after_the_entity_is_one_more_mention_of_it() -> None:
    text = "Acme faces a ban.\nThe Chinese group said it would appeal."
    assert company("", text) == 4.0  # Acme once and "the Chinese group" once, each 2.0
    assert company("", text.replace("The Chinese group", "A Chinese group")) == 2.0  # no definite determiner
    assert company("", text, PLAIN) == 2.0  # a profile without references
    french = "Acme fait l'objet d'un ban.\nLe recours du constructeur de Shenzhen a échoué."
    assert company("", french) == 4.0  # "du" is a definite determiner too


def test_a_reference_before_the_first_mention_or_with_two_entities_named_counts_for_none() -> None:
    assert company("", "The Chinese group faces a ban.\nAcme said it would appeal.") == 2.0
    assert company("Acme under fire", "The Chinese group will appeal the ban.") == 2 * (2.0 + 1.0)  # titled first
    two = "Acme and Bolt face a ban.\nThe Chinese group said it would appeal."
    assert company("", two) == 4.0  # each entity once; "the Chinese group" could be either


def test_references_share_the_entitys_cap_and_never_name_it_widely() -> None:
    text = "Filler line one.\nFiller line two.\nAcme faces a ban.\n" + "The Shenzhen-based maker objected.\n" * 4
    verdict = score_article("", text, PROFILE)
    assert verdict.score == 2.0 * 3 + 1.0  # one mention and two of four references, within the cap of three
    assert verdict.missing_groups == ("company",)  # named in one paragraph after the lead: references add no place


def test_references_are_checked_as_terms() -> None:
    with pytest.raises(ProfileError, match="references"):
        parse_profile('name = "x"\n[[groups]]\nname = "g"\nterms = ["a"]\nreferences = "the group"\n')
