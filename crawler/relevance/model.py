"""A small linear topic model: what on-topic articles look like beyond the profile's terms.

Pure: texts and labels in, a probability out. TF-IDF over word 1-2-grams and
character 3-5-grams (within words), then a logistic regression with balanced
class weights (scikit-learn; trains in milliseconds on a few hundred texts, no
download). It learns from the profile's `examples` and, while a crawl runs,
from the relevance stage's confident decisions (`TopicJudge.learn`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from crawler.relevance.profile_examples import Example
from crawler.relevance.textfold import fold

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

__all__ = ["Example", "TopicModel", "fit_model", "model_text"]

MAX_CHARS = 3000  # characters of an article the model reads: its title and opening paragraphs


def model_text(title: str | None, text: str, mask: re.Pattern[str] | None = None) -> str:
    """What the model reads: the title (twice: it says most) and the start of the text, folded, `mask` blanked out."""
    folded = fold(f"{title or ''}\n{title or ''}\n{text[:MAX_CHARS]}")
    return mask.sub(" ", folded) if mask is not None else folded


def _pipeline(c: float) -> Pipeline:
    # scikit-learn is imported when a model is first fitted: a profile without examples never pays for it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w\w+\b")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1)),
        ]
    )
    return Pipeline([("features", features), ("classifier", LogisticRegression(C=c, class_weight="balanced", max_iter=2000))])


class TopicModel:
    """A fitted model; `probability` is its belief that a title and text are on the topic."""

    def __init__(
        self,
        examples: Sequence[Example],
        c: float = 10.0,
        mask: re.Pattern[str] | None = None,
        weights: Sequence[float] | None = None,
    ) -> None:
        labels = [e.on_topic for e in examples]
        if True not in labels or False not in labels:
            raise ValueError("a topic model needs on-topic and off-topic examples")
        self.size = len(examples)
        self.mask = mask
        texts = [model_text(e.title, e.text, mask) for e in examples]
        self._pipeline = _pipeline(c).fit(texts, labels, classifier__sample_weight=list(weights) if weights else None)
        self._positive = list(self._pipeline.classes_).index(True)

    def probability(self, title: str | None, text: str) -> float:
        """P(on topic) in [0, 1], rounded to 4 places."""
        return round(float(self._pipeline.predict_proba([model_text(title, text, self.mask)])[0][self._positive]), 4)


def fit_model(
    examples: Sequence[Example], c: float = 10.0, mask: re.Pattern[str] | None = None, weights: Sequence[float] | None = None
) -> TopicModel | None:
    """A model when both labels have examples, else None (the profile's rules decide alone)."""
    labels = {e.on_topic for e in examples}
    return TopicModel(examples, c, mask, weights) if labels == {True, False} else None
