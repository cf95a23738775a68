"""The language of a text by py3langid's naive Bayes model, without its per-call costs.

py3langid builds a dense vector of all ~7,500 features and multiplies it by the
model matrix with a mixed-type `np.dot`: OpenBLAS threads wake for each call and
spin on the other cores, which measured as 16 ms of CPU per page in an
extraction worker. Only the features a text has matter: their log-probabilities
are summed by plain numpy arithmetic (no BLAS), which gives the same argmax.
The model is loaded once per process (`language_model()`).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any


class LanguageModel:
    """py3langid's model arrays; `classify(text)` is its most likely ISO 639-1 code."""

    def __init__(self, identifier: Any) -> None:
        import numpy as np

        self._np = np
        self.classes: list[str] = list(identifier.nb_classes)
        self.per_feature = np.ascontiguousarray(identifier.nb_ptc)  # features x languages, log P(feature | language)
        self.prior = np.asarray(identifier.nb_pc)
        self.nextmove = identifier.tk_nextmove
        self.output: dict[int, Any] = identifier.tk_output

    def features(self, text: str) -> Counter[int]:
        """The model's byte n-gram features of the text, counted (py3langid's tokenizer automaton)."""
        nextmove, output = self.nextmove, self.output
        state = 0
        indexes: list[int] = []
        extend = indexes.extend
        for byte in text.encode("utf-8", "surrogatepass"):
            state = nextmove[(state << 8) + byte]
            found = output.get(state)
            if found:
                extend(found)
        return Counter(indexes)

    def classify(self, text: str) -> str:
        """The most likely language of the text."""
        np = self._np
        counts = self.features(text)
        scores = self.prior.copy()
        if counts:
            rows = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            weights = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            scores += (self.per_feature[rows] * weights[:, None]).sum(axis=0)
        return self.classes[int(np.argmax(scores))]


@lru_cache(maxsize=1)
def language_model() -> LanguageModel:
    """The model, loaded on first use in this process (about 0.3 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageModel(LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=False))
