"""Link texts read by what the crawl has judged: a headline model learnt online from the pages fetched.

Pure: titles and labels in, a probability out. A focused crawler's link scorer
learns from its page judge (the "apprentice" and "critic" of Chakrabarti et al.,
"Accelerated focused crawling through online relevance feedback", 2002): every
article page the crawl reads is judged by the relevance stage's rules and model,
and a confident judgement (band above or below, `judge.TopicJudge.band`) teaches
a small linear model (`model.TopicModel`, entity names masked) the page's title
with that label. Anchors, feed titles and URL words are then read with it, so a
link that says the topic the way this crawl's on-topic headlines say it ranks
high although the profile lists none of its words, and one written like the
off-topic headlines stays low.

It starts from the titles of the profile's examples, if any, and fits once it
holds `min_each` titles of each label (at once, when the profile's examples
hold that many: a profile of a few hundred examples reads headlines in words its
terms do not list before the crawl has judged a page); it refits each time the titles it holds
grow by `growth` (a few fits in a crawl, each well under a second), and keeps the
`max_each` latest of each label. A title of fewer than `min_words` words (a
section name, "Home") teaches nothing.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from crawler.relevance.model import TopicModel, fit_model
from crawler.relevance.profile_examples import Example


@dataclass(frozen=True)
class ApprenticeConfig:
    """When the headline model fits and what it remembers."""

    min_each: int = 3  # titles of each label before a first fit
    max_each: int = 200  # latest titles kept per label
    growth: float = 1.25  # refit when the titles held grow by this factor
    min_words: int = 4  # shorter titles (menu items, section names) are not learnt from


class HeadlineApprentice:
    """The titles of the pages the crawl judged, and the model fitted on them."""

    def __init__(
        self, seeds: Sequence[Example] = (), mask: re.Pattern[str] | None = None, config: ApprenticeConfig | None = None
    ) -> None:
        self.config = config or ApprenticeConfig()
        self.mask = mask
        self.seeds = tuple(Example(e.title, "", e.on_topic) for e in seeds if len(e.title.split()) >= self.config.min_words)
        self.learned: dict[bool, deque[str]] = {
            True: deque(maxlen=self.config.max_each),
            False: deque(maxlen=self.config.max_each),
        }
        self._known: set[str] = set()
        self._fitted_on = 0
        self.model: TopicModel | None = None
        self.version = 0  # counts the fits: scores read before a fit are stale after it
        self._refit()  # a profile's titles may be enough to read links before the crawl has judged a page

    def learn(self, title: str, on_topic: bool) -> bool:
        """Take one judged page's title; True when the model was refitted on it."""
        title = " ".join(title.split())
        if len(title.split()) < self.config.min_words or title in self._known:
            return False
        self._known.add(title)
        held = self.learned[on_topic]
        if len(held) == held.maxlen:
            self._known.discard(held[0])
        held.append(title)
        return self._refit()

    def _refit(self) -> bool:
        examples = [*self.seeds, *(Example(t, "", label) for label in (True, False) for t in self.learned[label])]
        counts = {label: sum(1 for e in examples if e.on_topic == label) for label in (True, False)}
        if min(counts.values()) < self.config.min_each or len(examples) < self.config.growth * self._fitted_on:
            return False
        model = fit_model(examples, mask=self.mask)
        if model is None:
            return False
        self.model, self._fitted_on, self.version = model, len(examples), self.version + 1
        return True

    def probability(self, text: str) -> float | None:
        """P(on topic) of a link's text (anchor, title, URL words); None before a first fit or for a short text."""
        if self.model is None or len(text.split()) < self.config.min_words:
            return None
        return self.model.probability(text, "")
