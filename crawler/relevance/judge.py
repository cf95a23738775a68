"""The relevance judgement: the profile's rules, and a learnt model for the uncertain middle.

Pure: a title and text in, a `Judgement` out. The rules (`scoring.score_article`)
place an article in one of three bands:

- **above**: every required group matches widely enough, the score reaches
  `model.confident` x `min_score`, and every required group alone brings at
  least `STRONG` x `min_score`: kept, whatever the model says;
- **below**: a required group has no match at all, or the rules drop it and a
  required group brings less than `WEAK` x `min_score` (one plain word, once),
  its score is not above 0 or all its matches sit in one place (the title
  alone, or one paragraph: a "read also" line, a caption left in the text):
  dropped, whatever the model says. A profile whose `min_score` is 0 and whose groups
  are optional keeps everything: its articles are all above, so the crawl
  never learns a topic from them;
- **middle**: everything else (a group named in one paragraph only, a score
  near `min_score`, a rules' keep whose measure is named in words the profile
  barely lists: a seizure, a list told in other words...). Without a model the rules' verdict stands. With one,
  the rules' verdict stands unless the model is against it, and how far against
  it must be depends on how many texts it was fitted on (`cut`): a model of a
  few examples reads an article unlike them as near 0.5 either way, so it must
  be clearly against (beyond `MARGIN` from 0.5 on the other side); the more
  texts it has read, the more its probability alone decides, at
  `model.threshold` for a model of very many.

The model (`model.TopicModel`) is fitted on the profile's `examples`; with
`model.learn` on, the confident decisions (bands above and below) are added as
examples, each counting `model.learned_weight` of a profile example (they are
many, typical, and sometimes wrong), and the model is refitted each time the
number of examples doubles, so a crawl teaches it what its topic looks like in
its own sources. The model never reads the names of the profile's entities
(`scoring.entity_mask`): it learns how the topic is written about, not who it
is about, which the rules already count. A profile without
examples of both kinds starts without a model and gets one once the crawl has
confidently kept and dropped a few articles (`model.min_learned` of each).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from crawler.relevance.model import ModelFits, TopicModel, fit_model
from crawler.relevance.profile import Profile
from crawler.relevance.profile_examples import Example
from crawler.relevance.scoring import TopicScore, entity_mask, relevance, score_article

ABOVE, MIDDLE, BELOW = "above", "middle", "below"
# Shares of `min_score` that one required group must reach on its own (its matches, times its weight): a group
# below WEAK is barely named (one plain word once) and a rules' drop so named is dropped whatever the model says (a
# rules' keep so named, kept on the other group's strength, is the model's to decide); every group
# must reach STRONG for an article to be kept without asking the model (the company named all along, the measure
# only in a passing "despite sanctions" is the uncertain middle, not a sure keep).
WEAK, STRONG = 0.25, 0.5
LINK_WORDS = 4  # a link text of fewer words (a menu item, "Next") is not read by the model
# The middle band (`cut`): an untrusted model overrules the rules only beyond MARGIN from 0.5 on the other side; its
# trust, n / (n + TRUST_HALF) for a model fitted on n texts, is one half at TRUST_HALF texts and moves the cut towards
# `model.threshold` as the model reads more (a profile's 18 examples: 0.6; with 300 learnt decisions: 0.96).
MARGIN, TRUST_HALF = 0.1, 12


@dataclass(frozen=True)
class Judgement:
    """The rules' verdict, the band it falls in, the model's probability (None without a model) and the decision."""

    verdict: TopicScore
    band: str
    model_score: float | None
    relevant: bool

    def why(self) -> str:
        """A short reason for a drop or a keep, for logs and rejected.jsonl."""
        rules = f"missing {', '.join(self.verdict.missing_groups)}" if self.verdict.missing_groups else "score"
        model = "" if self.model_score is None else f", model {self.model_score}"
        return f"{rules} (score {self.verdict.score}, {self.band}{model})"


class TopicJudge:
    """Judges articles against one profile; learns from its confident decisions when the profile says so."""

    def __init__(self, profile: Profile, examples: tuple[Example, ...] | None = None, fits: ModelFits | None = None) -> None:
        self.profile = profile
        self.settings = profile.model
        self.examples = tuple(profile.examples if examples is None else examples)
        half = max(1, self.settings.max_learned // 2)
        self.learned: dict[bool, deque[Example]] = {True: deque(maxlen=half), False: deque(maxlen=half)}
        self._fitted_on = 0
        self.mask = entity_mask(profile)
        self.model: TopicModel | None = (fits or ModelFits()).fit(self.examples, self.mask)  # the crawl's one fit
        if self.model is not None:
            self._fitted_on = len(self.examples)

    def band(self, verdict: TopicScore) -> str:
        weakest = verdict.weakest / self.profile.min_score if self.profile.min_score > 0 else 1.0
        dropped_thin = not verdict.relevant and (verdict.score <= 0 or verdict.spread < 2)  # a profile may keep a 0
        barely = weakest < WEAK and not verdict.relevant  # a rules' keep with one group barely named: the model decides
        if verdict.unmatched_groups or barely or dropped_thin:
            return BELOW
        if verdict.relevant and verdict.score >= self.settings.confident * self.profile.min_score and weakest >= STRONG:
            return ABOVE
        return MIDDLE

    def cut(self, rules_keep: bool) -> float:
        """The model's probability from which a middle article is kept, given the rules' verdict on it: between
        0.5 -+ MARGIN (a model of few texts must be clearly against the rules) and `model.threshold`, by trust."""
        size = self.model.size if self.model is not None else 0
        trust = size / (size + TRUST_HALF)
        untrusted = 0.5 - MARGIN if rules_keep else 0.5 + MARGIN
        return round(trust * self.settings.threshold + (1.0 - trust) * untrusted, 4)

    def judge(self, title: str | None, text: str, learn: bool = True) -> Judgement:
        """The decision on one article; a confident one is learnt from when `learn` and the profile allow."""
        verdict = score_article(title, text, self.profile)
        band = self.band(verdict)
        score = self.model.probability(title, text) if self.model is not None else None
        if score is None:
            relevant = verdict.relevant  # no model: the rules alone, as written
        elif band == MIDDLE:
            relevant = score >= self.cut(verdict.relevant)
        else:
            relevant = band == ABOVE
        if learn and self.settings.learn and band != MIDDLE:
            self._learn(Example(title or "", text, band == ABOVE))
        return Judgement(verdict, band, score, relevant)

    def relevance(self, title: str, text: str) -> float:
        """How promising a link's text is, in [0, 1]: the rules' relevance; when they find nothing in a text of a
        few words (a headline, not a menu item), the model's confidence beyond 0.5."""
        rules = relevance(score_article(title, text, self.profile), self.profile)
        if self.model is None or rules > 0 or len(f"{title} {text}".split()) < LINK_WORDS:
            return rules
        return round(max(0.0, 2.0 * (self.model.probability(title, text) - 0.5)), 4)

    def page(self, title: str, text: str) -> tuple[Judgement, float]:
        """A fetched page's judgement (not learnt from) and its relevance in [0, 1], both from one reading."""
        judgement = self.judge(title, text, learn=False)
        rules = relevance(judgement.verdict, self.profile)
        model = judgement.model_score
        return judgement, rules if model is None else max(rules, round(max(0.0, 2.0 * (model - 0.5)), 4))

    def _learn(self, example: Example) -> None:
        self.learned[example.on_topic].append(example)
        learned = [*self.learned[True], *self.learned[False]]
        enough = min(len(self.learned[True]), len(self.learned[False])) >= self.settings.min_learned
        total = len(self.examples) + len(learned)
        if (self.model is not None or enough) and total >= 2 * max(self._fitted_on, 1):
            weights = [1.0] * len(self.examples) + [self.settings.learned_weight] * len(learned)
            model = fit_model((*self.examples, *learned), mask=self.mask, weights=weights)
            if model is not None:
                self.model, self._fitted_on = model, total
