from __future__ import annotations

import pytest

from crawler.relevance.profile import load_profile, parse_profile
from crawler.relevance.scoring import fold, relevance, score_article, term_pattern

PROFILE = parse_profile(
    """
name = "t"
[scoring]
min_score = 3.5
title_weight = 2.0
[[groups]]
name = "company"
weight = 2.0
terms = ["ZTE", "Huawei", "华为"]
[[groups]]
name = "measure"
terms = ["sécurité nationale", "sanction", "entity list"]
[negative]
weight = 5.0
terms = ["code promo"]
"""
)

ENTITIES = parse_profile(
    """
name = "e"
[scoring]
min_score = 1.0
max_hits_per_term = 3
[[groups]]
name = "company"
min_paragraphs = 2
[[entities]]
name = "Nuctech"
aliases = ["Nutech", "Newtech", "Newtek"]
[[groups]]
name = "measure"
terms = ["ban", { term = "national security", weight = 3.0 }]
"""
)


def test_fold_strips_case_accents_and_curly_apostrophes() -> None:
    assert fold("Sécurité NATIONALE l’État") == "securite nationale l'etat"


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("ZTE", "le groupe zte a", True),
        ("ZTE", "aztec empire", False),
        ("ZTE", "ztes", True),
        ("ZTE", "zte-made phones", True),
        ("sanction", "new sanctions on", True),
        ("sécurité nationale", "securite  nationale", True),
        ("entity list", "the entity-list rules", True),
        ("liste noire", "les listes noires de washington", True),
        ("华为", "美国制裁华为公司", True),
        ("Huawei", "huaweis", True),
        ("Huawei", "huaweitech", False),
        ("interdiction", "l'interdiction", True),
        ("interdit", "des importations interdites", True),
        ("ACC", "l'acces au parc", False),
        ("Pentagon", "le pentagone", True),
        ("Congrès", "the mobile world congress", False),
        ("Congrès", "les congres", True),
        ("access", "accesses", True),
    ],
)
def test_term_matching(term: str, text: str, found: bool) -> None:
    assert bool(term_pattern(term).search(fold(text))) is found


@pytest.mark.parametrize(
    ("spellings", "text"),
    [
        (("ZTE", "Huawei", "华为"), "ztes"),
        (("ZTE", "Huawei", "华为"), "zte-made phones"),
        (("ZTE", "Huawei", "华为"), "美国制裁华为公司"),
        (("sécurité nationale", "entity list"), "the entity-list rules"),
        (("liste noire",), "les listes noires de washington"),
        (("interdit",), "des importations interdites"),
        (("Congrès",), "les congres"),
        (("access",), "accesses"),
        (("at&t", "Verizon"), "at&t and others"),
    ],
)
def test_the_quick_word_test_never_hides_a_match(spellings: tuple[str, ...], text: str) -> None:
    from crawler.relevance.scoring import _starts, _stems, spellings_pattern

    folded = fold(text)
    assert spellings_pattern(spellings).search(folded)
    starts = _starts(spellings)
    assert starts is None or starts.possible(_stems(folded), (folded,))


def test_the_quick_word_test_rules_out_a_text_without_the_words() -> None:
    from crawler.relevance.scoring import _starts, _stems

    starts = _starts(("ZTE", "Huawei", "华为"))
    assert starts is not None and not starts.possible(_stems("le football du dimanche"), ("le football du dimanche",))
    assert _starts(("at&t",)) is None  # not a plain first word: always searched


def test_every_required_group_must_match() -> None:
    verdict = score_article("Huawei P30 review", "Huawei's camera is great. Huawei again.", PROFILE)
    assert not verdict.relevant and verdict.missing_groups == ("measure",)


def test_title_counts_more_than_body() -> None:
    in_title = score_article("ZTE sanction", "text", PROFILE)
    in_body = score_article("news", "ZTE sanction", PROFILE)
    assert in_title.score > in_body.score
    assert in_title.relevant and in_body.relevant is False  # 2 + 1 < 3.5


def test_matches_list_the_terms_found_once() -> None:
    verdict = score_article("ZTE", "ZTE ZTE ZTE ZTE sanctions", PROFILE)
    assert verdict.matches == ("ZTE", "sanction")
    assert verdict.score == 2 * (2 + 3) + 1  # body hits capped at 3 per term


def test_negative_terms_pull_down() -> None:
    assert not score_article("ZTE sanction", "code promo ZTE", PROFILE).relevant


def test_an_entity_is_reported_under_its_name_and_its_spellings_share_one_cap() -> None:
    text = "Newtech scanners.\nNewtek and Nutech again, Newtech.\nA national security ban."
    verdict = score_article("News", text, ENTITIES)
    assert verdict.matches == ("Nuctech", "ban", "national security")
    assert verdict.score == 3 + 1 + 3  # four spellings capped at 3; the term weight 3.0 for national security


def test_a_group_named_in_a_single_paragraph_of_several_is_not_enough() -> None:
    sidebar = "A long report on the local football cup.\nThe match ended late.\nRead more: Nuctech ban over national security"
    verdict = score_article("Cup semi-final", sidebar, ENTITIES)
    assert verdict.missing_groups == ("company",) and not verdict.relevant
    assert score_article("Nuctech ban", sidebar, ENTITIES).relevant  # in the title it counts
    assert score_article("News", "Nuctech ban over national security.", ENTITIES).relevant  # a one-paragraph brief


def test_a_group_named_once_in_the_lead_is_named_widely_enough() -> None:
    body = "The regulator met on Monday.\nIt cited national security.\nA ban follows.\nThe firm will appeal."
    lead = score_article("Regulator acts", "Nuctech scanners face a review.\n" + body, ENTITIES)
    assert lead.relevant and not lead.missing_groups
    late = score_article("Regulator acts", body + "\nRead more: Nuctech results.", ENTITIES)
    assert late.missing_groups == ("company",) and not late.relevant


def test_forms_of_one_word_listed_as_terms_count_a_mention_once() -> None:
    forms = parse_profile('name = "f"\nlanguages = ["en"]\n[[groups]]\nname = "m"\nterms = ["ban", "banned", "banning"]\n')
    once = parse_profile('name = "o"\nlanguages = ["en"]\n[[groups]]\nname = "m"\nterms = ["ban"]\n')
    text = "The regulator banned the gear.\nThe ban holds."
    assert score_article("Banning gear", text, forms).score == score_article("Banning gear", text, once).score
    assert score_article("Banning gear", text, forms).matches == ("ban",)


def test_relevance_is_a_share_of_groups_and_of_the_minimum_score() -> None:
    assert relevance(score_article("ZTE sanction", "", PROFILE), PROFILE) == 1.0
    assert relevance(score_article("ZTE", "", PROFILE), PROFILE) == 0.5  # 4 >= 3.5, one group of two
    assert relevance(score_article("Football", "", PROFILE), PROFILE) == 0.0


def test_default_profile_on_the_samples_topic() -> None:
    profile = load_profile()
    fr = "Les Etats-Unis font pression sur leurs alliés pour qu'ils refusent Huawei, accusé d'espionnage."
    assert score_article("Huawei prêt à renforcer sa sécurité", fr, profile).relevant
    en = "The TSA banned Newtek scanners at airports over national security concerns."
    verdict = score_article("US campaign against Newtech", en, profile)
    assert verdict.relevant and "Nuctech" in verdict.matches
    phone = "The Huawei P30 camera is superb, battery life is long and the screen is bright."
    assert not score_article("Huawei P30 review", phone, profile).relevant
