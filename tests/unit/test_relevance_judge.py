"""Word forms, the topic model and the judgement: rules for the clear cases, the model for the uncertain middle."""

from __future__ import annotations

from crawler.relevance.judge import ABOVE, BELOW, MIDDLE, TopicJudge
from crawler.relevance.lemmas import lemma_form, text_languages
from crawler.relevance.model import ModelFits, fit_model
from crawler.relevance.profile import parse_profile
from crawler.relevance.profile_examples import Example
from crawler.relevance.scoring import score_article
from scripts.throughput_web import KEEP_ALL_PROFILE

TWO_GROUPS = """
name = "t"
languages = ["en", "fr"]
[scoring]
min_score = 4.0
[[groups]]
name = "company"
min_paragraphs = 2
[[entities]]
name = "Acme"
group = "company"
[[groups]]
name = "measure"
[groups.terms]
en = ["ban", "prohibit"]
fr = ["exclure", "interdire"]
"""

ON = [
    ("Regulator orders carriers to remove Acme gear", "The regulator ordered carriers to remove the vendor's network gear.\n"
     "Officials cited a risk to national networks and espionage by a foreign state."),
    ("Government shuts Acme out of its networks", "The government shut the vendor out of public tenders for network gear.\n"
     "Intelligence services warned that the supplier could be compelled to spy."),
    ("Les opérateurs devront retirer le matériel Acme", "Le régulateur impose aux opérateurs de retirer le matériel réseau.\n"
     "Les services de renseignement redoutent l'espionnage par un État étranger."),
]  # fmt: skip
OFF = [
    ("Acme phone review: great camera", "The new phone has a great camera and a long battery life.\n"
     "The screen is bright and the price is high. Verdict: a good phone."),
    ("Acme profit rises on strong phone sales", "The company reported higher quarterly profit on strong phone sales.\n"
     "Its shares rose in trading after the results, analysts said."),
    ("Test du téléphone Acme : un bel écran", "Le téléphone a un bel écran et une bonne autonomie.\n"
     "L'appareil photo est excellent. Notre verdict : une réussite."),
]  # fmt: skip


NARROW_ON = (  # on the topic, the company named in one paragraph only
    "The regulator ordered carriers to remove the vendor's network gear and to prohibit new purchases.\n"
    "Officials cited a risk to national networks and espionage by a foreign state, and a ban on imports.\n"
    "The order covers routers made by Acme."
)


def with_examples(extra: str = "") -> str:
    blocks = [
        f'[[examples]]\non_topic = {"true" if label else "false"}\ntitle = "{title}"\ntext = """\n{text}\n"""\n'
        for label, items in ((True, ON), (False, OFF))
        for title, text in items
    ]
    return TWO_GROUPS + extra + "".join(blocks)


def test_lemma_form_keeps_lines_and_reads_the_texts_language() -> None:
    assert lemma_form("The carriers were banned\nIls excluent", ("en", "fr")) == "the carrier be ban\nlui exclure"
    assert text_languages("Les opérateurs ont été exclus du marché", ("en", "fr"))[0] == "fr"
    assert text_languages("The carriers were banned from the market", ("fr", "en"))[0] == "en"
    assert lemma_form("anything", ()) == ""


def test_terms_find_their_word_forms() -> None:
    profile = parse_profile(TWO_GROUPS)
    text = "Acme was banned by the regulator.\nAcme says the regulator prohibited it unfairly."
    verdict = score_article("", text, profile)
    assert {"ban", "prohibit"} <= set(verdict.matches) and verdict.relevant
    french = score_article("", "Washington exclut Acme des réseaux.\nLes ventes d'Acme sont interdites.", profile)
    assert {"exclure", "interdire"} <= set(french.matches)


def test_without_examples_the_rules_decide_alone() -> None:
    judge = TopicJudge(parse_profile(TWO_GROUPS))
    assert judge.model is None
    judgement = judge.judge("Acme banned", "Acme was banned.\nAcme is banned again.", learn=False)
    assert judgement.model_score is None and judgement.relevant == judgement.verdict.relevant


def test_bands_and_the_model_deciding_the_middle() -> None:
    judge = TopicJudge(parse_profile(with_examples()))
    assert judge.model is not None and judge.model.size == 6
    above = judge.judge("Acme banned", "Acme was banned.\nAcme is banned again, officials said.\nA ban on Acme.", learn=False)
    assert above.band == ABOVE and above.relevant
    below = judge.judge("A football match", "The home side won 3-1.\nFans celebrated.", learn=False)
    assert below.band == BELOW and not below.relevant
    # Acme named in one paragraph only: the rules miss the company group; the model decides, on the rest of the text.
    middle_on = judge.judge("Carriers must remove foreign gear", NARROW_ON, learn=False)
    middle_off = judge.judge(
        "Acme phone with a great camera", OFF[0][1] + "\nA ban on Acme is unlikely, and no ban is planned.", learn=False
    )
    assert middle_on.band == middle_off.band == MIDDLE
    assert middle_on.model_score is not None and middle_off.model_score is not None
    assert middle_on.model_score > middle_off.model_score
    assert middle_on.relevant == (middle_on.model_score >= judge.cut(middle_on.verdict.relevant))
    assert "middle, model" in middle_on.why()


def test_in_the_middle_the_rules_stand_unless_a_model_of_few_texts_is_clearly_against_them() -> None:
    judge = TopicJudge(parse_profile(with_examples()))
    assert judge.model is not None and judge.model.size == 6
    # Six examples: trust 1/3. A rules' keep is overturned only well under 0.5, a rules' drop only at `threshold`.
    keep_cut, drop_cut = judge.cut(True), judge.cut(False)
    assert keep_cut < 0.5 < judge.settings.threshold == drop_cut
    # The same article, the rules keeping it, the model a little against it: kept; clearly against: dropped.
    verdict = score_article("Acme banned", "Acme was banned.\nAcme is banned again.", judge.profile)
    assert verdict.relevant
    judge.model.probability = lambda title, text: 0.49  # type: ignore[method-assign]
    judge.band = lambda v: MIDDLE  # type: ignore[method-assign]
    assert judge.judge("Acme banned", "Acme was banned.\nAcme is banned again.", learn=False).relevant
    judge.model.probability = lambda title, text: round(keep_cut - 0.01, 4)  # type: ignore[method-assign]
    assert not judge.judge("Acme banned", "Acme was banned.\nAcme is banned again.", learn=False).relevant
    # The more texts the model was fitted on, the closer the cut for a rules' keep comes to `threshold`.
    cuts = []
    for size in (6, 18, 72, 318):
        judge.model.size = size
        cuts.append(judge.cut(True))
    assert cuts == sorted(cuts) and cuts[0] < 0.5 < cuts[-1] < judge.settings.threshold
    judge.model = None
    assert judge.cut(True) == 0.4 and judge.cut(False) == 0.6


def test_confident_decisions_are_learnt_and_refit_the_model() -> None:
    judge = TopicJudge(parse_profile(with_examples()))
    for i in range(4):
        judge.judge(f"Acme banned {i}", "Acme was banned.\nAcme is banned again.\nA ban on Acme.")
        judge.judge(f"Football {i}", "The home side won.\nFans celebrated.")
    assert len(judge.learned[True]) == 4 and len(judge.learned[False]) == 4
    assert judge.model is not None and judge.model.size == 12  # refit once the examples had doubled (6 -> 12)
    assert judge.judge("Carriers must remove foreign gear", NARROW_ON).band == MIDDLE
    assert len(judge.learned[True]) + len(judge.learned[False]) == 8  # a middle decision is not learnt from


def test_a_profile_without_examples_learns_a_model_from_its_crawl() -> None:
    judge = TopicJudge(parse_profile(TWO_GROUPS + "[model]\nmin_learned = 2\n"))
    for i in range(2):
        judge.judge(f"Acme banned {i}", "Acme was banned.\nAcme is banned again.\nA ban on Acme.")
        judge.judge(f"Football {i}", "The home side won.\nFans celebrated.")
    assert judge.model is not None


def test_the_model_does_not_read_the_entities_names() -> None:
    profile = parse_profile(with_examples())
    model = fit_model(
        [Example(t, x, True) for t, x in ON] + [Example(t, x, False) for t, x in OFF], mask=TopicJudge(profile).mask
    )
    assert model is not None
    assert model.probability("Acme", "Acme Acme") == model.probability("", "")


def test_a_group_barely_named_is_for_the_model_when_the_rules_keep_and_a_passing_measure_is_not_a_sure_keep() -> None:
    light = with_examples("[model]\nconfident = 1.5\n")
    light = light.replace('en = ["ban", "prohibit"]', 'en = [{ term = "ban", weight = 0.4 }]')
    passing = parse_profile(light)
    judge = TopicJudge(passing)
    text = "Acme sold more phones than ever.\nAcme shares rose.\nAcme will pay a dividend.\n"
    # One light measure word, once (less than WEAK x min_score), the company all along: the rules keep it on the
    # company's strength, and the model decides: here it reads a results story and drops it.
    once = judge.judge("Acme profit rises", text + "A ban is unlikely.", learn=False)
    assert once.verdict.relevant and once.verdict.weakest < 0.25 * passing.min_score
    assert once.band == MIDDLE and once.model_score is not None and not once.relevant
    # The same barely named measure in a story the model reads as the topic: kept, though the profile's words for
    # the measure are few (a seizure, a list told in other words); before, such a keep was dropped unasked.
    judge.model.probability = lambda title, text: 0.55  # type: ignore[method-assign,union-attr]
    assert judge.judge("Acme profit rises", text + "A ban is unlikely.", learn=False).relevant
    # A rules' drop with a barely named group is still dropped whatever the model says.
    thin = score_article("Acme phones", "Acme sold phones.\nA ban is unlikely.", passing)
    assert not thin.relevant and thin.weakest < 0.25 * passing.min_score and judge.band(thin) == BELOW
    # The company all along, the measure in two paragraphs but weighing less than STRONG x min_score on its own:
    # the rules keep it, yet it is the uncertain middle, not a sure keep.
    verdict = score_article("Acme profit rises despite the ban", text + "The ban did not hurt.", passing)
    assert verdict.relevant and 0.25 * passing.min_score <= verdict.weakest < 0.5 * passing.min_score
    assert verdict.score >= judge.settings.confident * passing.min_score and judge.band(verdict) == MIDDLE




def test_a_keep_all_profile_keeps_every_article_however_many_it_has_judged() -> None:
    judge = TopicJudge(parse_profile(KEEP_ALL_PROFILE))  # the benchmarks' keep-all profile
    texts = [(f"Story {n}", f"The market opened on day {n}.\nThe mayor spoke.") for n in range(20)]
    texts += [(f"Article {n}", f"Le marché a ouvert le jour {n}.\nLe maire a parlé.") for n in range(20)]
    judgements = [judge.judge(title, text) for title, text in texts]
    assert all(j.relevant and j.band == ABOVE for j in judgements)
    assert judge.model is None  # nothing was confidently dropped: nothing to learn a topic from


def test_judges_given_one_model_fits_share_one_fit_and_a_learning_judge_refits_into_a_new_model() -> None:
    profile = parse_profile(with_examples())
    fits = ModelFits()
    learner, reader = TopicJudge(profile, fits=fits), TopicJudge(profile, fits=fits)
    shared = reader.model
    assert shared is not None and learner.model is shared
    assert TopicJudge(profile).model is not shared  # no fits given: its own
    assert fits.fit(profile.examples, TopicJudge(profile).mask) is shared
    assert fits.fit(profile.examples[:-1]) is not shared  # other examples (or mask): another fit
    for i in range(4):
        learner.judge(f"Acme banned {i}", "Acme was banned.\nAcme is banned again.\nA ban on Acme.")
        learner.judge(f"Football {i}", "The home side won.\nFans celebrated.")
    assert learner.model is not shared and reader.model is shared  # the reader's model is not what the learner learnt
