from __future__ import annotations

from crawler.relevance.linked import linked_names
from crawler.relevance.profile import parse_profile
from crawler.relevance.scoring import score_article, spellings_pattern

PROFILE = parse_profile(
    """
name = "radios"
languages = ["en", "fr"]
[scoring]
min_score = 4.0
[[groups]]
name = "company"
weight = 2.0
min_paragraphs = 2
[[entities]]
name = "Hytera"
[[groups]]
name = "measure"
terms = ["national security", "review", "ban"]
"""
)
HYTERA = spellings_pattern(("Hytera",))
LANGS = ("en", "fr")


def test_a_name_tied_by_a_word_of_ownership_is_linked() -> None:
    text = "Sepura, a subsidiary of Hytera since 2017, makes police radios."
    assert linked_names("", text, HYTERA, None, LANGS) == ("Sepura",)
    assert linked_names("", "Sinclair est une filiale de Hytera.", HYTERA, None, LANGS) == ("Sinclair",)


def test_no_tie_dictionary_words_and_far_names_are_not_linked() -> None:
    assert linked_names("", "Sepura and Hytera both make radios.", HYTERA, None, LANGS) == ()  # no word of ownership
    assert linked_names("", "Several units of Hytera were sold.", HYTERA, None, LANGS) == ()  # "Several" is a word
    far = "Motorola sued in Chicago over radios, engineers, documents and code, and a unit of Hytera answered."
    assert linked_names("", far, HYTERA, None, LANGS) == ()  # the name is too far from the tie
    assert linked_names("", "Sepura, a subsidiary of Hytera.", HYTERA, spellings_pattern(("Sepura",)), LANGS) == ()


def test_a_linked_name_in_the_lead_names_the_entity_widely_but_adds_no_score() -> None:
    text = (
        "Sepura radios face a national security review.\n"
        "The government wants a list of the radios in service.\n"
        "Sepura, a subsidiary of Hytera, says its radios are safe.\n"
        "Lawmakers want a ban."
    )
    verdict = score_article("Police radios under review", text, PROFILE)
    assert "Sepura (Hytera)" in verdict.matches and not verdict.missing_groups and verdict.relevant
    untied = score_article("Police radios under review", text.replace("a subsidiary of Hytera", "like Hytera"), PROFILE)
    assert untied.missing_groups == ("company",) and not untied.relevant
    assert untied.score == verdict.score  # the linked name's mentions count places, not hits


def test_a_former_name_ties_a_firm_to_the_entity_as_ownership_does() -> None:
    assert linked_names("", "Sepura, the radio maker formerly known as Hytera Europe, won.", HYTERA, None, LANGS) == ("Sepura",)
    assert linked_names("", "Sepura, anciennement Hytera Europe, a gagné.", HYTERA, None, LANGS) == ("Sepura",)
    assert linked_names("", "Sepura, the radio maker that bought from Hytera, won.", HYTERA, None, LANGS) == ()


def test_a_comma_is_not_a_word_between_a_name_and_its_tie() -> None:
    # three words and a comma between the name and "previously known as": near enough, as "the cable maker" is
    text = "An offer came from Sepura, the radio maker previously known as Hytera Radio, in 2019."
    assert linked_names("", text, HYTERA, None, LANGS) == ("Sepura",)
    assert linked_names("", "Sepura, of the big old radio maker previously known as Hytera.", HYTERA, None, LANGS) == ()


def test_a_joint_venture_or_an_affiliate_is_tied_to_the_entity() -> None:
    assert linked_names("", "Radiolink, a joint venture of Hytera and a state fund, won.", HYTERA, None, LANGS) == ("Radiolink",)
    assert linked_names("", "Radiolink, une coentreprise de Hytera, a gagné.", HYTERA, None, LANGS) == ("Radiolink",)
    assert linked_names("", "Radiolink, a Hytera affiliate, won.", HYTERA, None, LANGS) == ("Radiolink",)
