"""A small linear topic model: what on-topic articles look like beyond the profile's terms.

Pure: texts and labels in, a probability out. TF-IDF over word 1-2-grams and
character 3-5-grams within words (`ngrams`), then an L2-regularised logistic
regression with balanced class weights, fitted in numpy: by the representer
theorem its weights are a combination of the training rows, so it is solved by
Newton's method over one coefficient per text (a few hundred at most) on their
Gram matrix, then folded back into one weight per term. It trains in well under
a second on a few hundred texts, needs no download and no library beyond numpy
(scikit-learn alone would add about 130 MB to the crawl process). It learns from
the profile's `examples` and, while a crawl runs, from the relevance stage's
confident decisions (`TopicJudge.learn`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from crawler.relevance.ngrams import Rows, Vocabulary, fit_vocabularies, term_counts, to_rows
from crawler.relevance.profile_examples import Example
from crawler.relevance.textfold import fold

__all__ = ["Example", "ModelFits", "TopicModel", "fit_model", "model_text"]

MAX_CHARS = 3000  # characters of an article the model reads: its title and opening paragraphs
NEWTON_STEPS = 100  # at most; a few tens are enough to converge
TOLERANCE = 1e-9  # relative decrease of the objective at which Newton's method stops


def model_text(title: str | None, text: str, mask: re.Pattern[str] | None = None) -> str:
    """What the model reads: the title (twice: it says most) and the start of the text, folded, `mask` blanked out."""
    folded = fold(f"{title or ''}\n{title or ''}\n{text[:MAX_CHARS]}")
    return mask.sub(" ", folded) if mask is not None else folded


def _log_loss(margins: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """-log P(label) of each text for logistic margins; labels in {0, 1}."""
    return np.logaddexp(0.0, np.where(labels > 0, -margins, margins))


def fit_logistic(gram: np.ndarray, labels: np.ndarray, weights: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Coefficients `alpha` (one per text) and the intercept minimising
    0.5 * |w|^2 + c * sum(weights * log_loss) with w = sum(alpha_i * x_i), the intercept not penalised."""
    n = len(labels)
    alpha, bias = np.zeros(n), 0.0

    def objective(a: np.ndarray, b: float) -> float:
        return float(0.5 * a @ gram @ a + c * weights @ _log_loss(gram @ a + b, labels))

    current = objective(alpha, bias)
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(gram @ alpha + bias)))
        h = c * weights * (p - labels)
        d = c * weights * p * (1.0 - p)
        system = np.empty((n + 1, n + 1))
        system[:n, :n] = np.eye(n) + d[:, None] * gram
        system[:n, n] = d
        system[n, :n] = d @ gram
        system[n, n] = d.sum()
        step = np.linalg.solve(system, np.append(alpha + h, h.sum()))
        t = 1.0
        while True:  # backtracking: a full Newton step, halved until the objective does not rise
            candidate_alpha, candidate_bias = alpha - t * step[:n], bias - t * step[n]
            candidate = objective(candidate_alpha, candidate_bias)
            if candidate <= current or t < 1e-6:
                break
            t /= 2
        alpha, bias = candidate_alpha, candidate_bias
        done = current - candidate <= TOLERANCE * max(abs(current), 1.0)
        current = candidate
        if done:
            break
    return alpha, bias


class TopicModel:
    """A fitted model; `probability` is its belief that a title and text are on the topic."""

    def __init__(
        self,
        examples: Sequence[Example],
        c: float = 10.0,
        mask: re.Pattern[str] | None = None,
        weights: Sequence[float] | None = None,
    ) -> None:
        labels = np.array([e.on_topic for e in examples], dtype=np.float64)
        if labels.min() == labels.max():
            raise ValueError("a topic model needs on-topic and off-topic examples")
        self.size = len(examples)
        self.mask = mask
        counted = [term_counts(model_text(e.title, e.text, mask)) for e in examples]
        self.vocabularies: tuple[Vocabulary, ...] = fit_vocabularies(counted)
        rows: Rows = to_rows(counted, self.vocabularies)
        given = np.asarray(weights, dtype=np.float64) if weights else np.ones(len(labels))
        on, off = given @ labels, given @ (1.0 - labels)  # balanced: each label weighs half of the total
        sample = given * np.where(labels > 0, given.sum() / (2 * on), given.sum() / (2 * off))
        alpha, self.bias = fit_logistic(rows.gram(), labels, sample, c)
        self.coefficients = rows.weighted_sum(alpha)
        self._offsets = np.cumsum([0, *(len(v.keys) for v in self.vocabularies)])

    def probability(self, title: str | None, text: str) -> float:
        """P(on topic) in [0, 1], rounded to 4 places."""
        margin = self.bias
        for block, counts in enumerate(term_counts(model_text(title, text, self.mask))):
            columns, values = self.vocabularies[block].row(counts)
            margin += float(self.coefficients[columns + self._offsets[block]] @ values)
        return round(float(1.0 / (1.0 + np.exp(-margin))), 4)


def fit_model(
    examples: Sequence[Example], c: float = 10.0, mask: re.Pattern[str] | None = None, weights: Sequence[float] | None = None
) -> TopicModel | None:
    """A model when both labels have examples, else None (the profile's rules decide alone)."""
    labels = {e.on_topic for e in examples}
    return TopicModel(examples, c, mask, weights) if labels == {True, False} else None


class ModelFits:
    """The topic models of one crawl, each fitted once on the examples and mask it is fitted on: the relevance stage
    and the frontier judge an article with one fit of the profile's examples (a second takes as long, about 1 s of
    CPU for the default profile's few hundred). A fitted model is never changed; a judge that learns fits a new one.
    Scrapy builds it as an extension (`EXTENSIONS`), which the adapters reach with `crawler.get_extension`."""

    def __init__(self) -> None:
        self._fits: dict[tuple[tuple[Example, ...], str | None], TopicModel | None] = {}

    def fit(self, examples: Sequence[Example], mask: re.Pattern[str] | None = None) -> TopicModel | None:
        """`fit_model(examples, mask=mask)`, fitted at the first asking."""
        key = (tuple(examples), mask.pattern if mask is not None else None)
        if key not in self._fits:
            self._fits[key] = fit_model(key[0], mask=mask)
        return self._fits[key]
