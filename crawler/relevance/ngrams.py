"""TF-IDF features of short texts over word 1-2-grams and character 3-5-grams, in numpy.

Pure: texts in, sparse rows out. Two blocks, as scikit-learn's `TfidfVectorizer`
would build them and a `FeatureUnion` join them: words (`\\b\\w\\w+\\b` tokens,
unigrams and bigrams) and characters (3- to 5-grams within words padded with a
space, `char_wb`); each term counted with a sublinear tf (1 + ln tf), weighted by
a smoothed idf (ln((1 + n) / (1 + df)) + 1), and each block normalised to unit
length. Terms are kept as Python's 64-bit string hashes, not strings: a fitted
vocabulary of 150,000 terms takes a few MB (two terms of one vocabulary share a
hash about once in 10^9 fits), and a text's counts are numpy arrays from the
start, so a few hundred training texts cost a few MB, not Counters of 100 MB.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACE = re.compile(r"\s\s+")
CHAR_SIZES = (3, 4, 5)


def word_terms(text: str) -> list[str]:
    """Word unigrams and bigrams of a (folded) text."""
    tokens = _WORD.findall(text)
    return [*tokens, *(f"{first} {second}" for first, second in pairwise(tokens))]


def char_terms(text: str) -> list[str]:
    """Character 3- to 5-grams within each word padded with a space (a word shorter than n gives itself, padded)."""
    grams: list[str] = []
    for word in _SPACE.sub(" ", text).split():
        padded = f" {word} "
        for n in CHAR_SIZES:
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[start : start + n] for start in range(len(padded) - n + 1))
    return grams


BLOCKS = (word_terms, char_terms)


Counts = tuple[np.ndarray, np.ndarray]  # a block's term hashes (int64) and how often each occurs


def term_counts(text: str) -> tuple[Counts, ...]:
    """The hashed term counts of a text, one pair of arrays per block."""
    counted = []
    for terms in BLOCKS:
        counter = Counter(terms(text))
        keys = np.fromiter(map(hash, counter.keys()), dtype=np.int64, count=len(counter))
        counted.append((keys, np.fromiter(counter.values(), dtype=np.float64, count=len(counter))))
    return tuple(counted)


@dataclass(frozen=True)
class Rows:
    """Sparse rows in CSR form: row i's columns are `columns[starts[i]:starts[i + 1]]`, with `values` alike."""

    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    width: int

    def weighted_sum(self, coefficients: np.ndarray) -> np.ndarray:
        """The rows summed with one coefficient each: a dense vector of `width`."""
        per_value = np.repeat(coefficients, np.diff(self.starts)) * self.values
        return np.bincount(self.columns, weights=per_value, minlength=self.width)

    def gram(self, chunk: int = 2048) -> np.ndarray:
        """Every pair of rows' dot product (n x n). Columns held by one row add to the diagonal only; the others
        are multiplied densely, `chunk` columns at a time, so memory stays at n x chunk numbers."""
        n = len(self.starts) - 1
        row_of = np.repeat(np.arange(n), np.diff(self.starts))
        shared = np.bincount(self.columns, minlength=self.width) > 1
        own = ~shared[self.columns]
        gram: np.ndarray = np.diag(np.bincount(row_of[own], weights=self.values[own] ** 2, minlength=n).astype(np.float64))
        shared_columns = np.flatnonzero(shared)
        new_index = np.full(self.width, -1)
        new_index[shared_columns] = np.arange(len(shared_columns))
        keep = ~own
        columns = new_index[self.columns[keep]]
        order = np.argsort(columns, kind="stable")  # by column, so each chunk is one slice
        rows, columns, values = row_of[keep][order], columns[order], self.values[keep][order]
        lows = range(0, len(shared_columns), chunk)
        bounds = np.searchsorted(columns, [*lows, len(shared_columns)])
        for low, start, end in zip(lows, bounds[:-1], bounds[1:], strict=True):
            dense = np.zeros((n, min(chunk, len(shared_columns) - low)), dtype=np.float32)
            dense[rows[start:end], columns[start:end] - low] = values[start:end]
            gram += dense @ dense.T
        return gram


@dataclass(frozen=True)
class Vocabulary:
    """One block's fitted terms: their sorted hashes and idf weights."""

    keys: np.ndarray
    idf: np.ndarray

    def row(self, counts: Counts) -> tuple[np.ndarray, np.ndarray]:
        """The columns and unit-length tf-idf values of one text's counts; terms not in the vocabulary are ignored."""
        keys, tf = counts
        if not len(keys) or not len(self.keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        where = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        known = self.keys[where] == keys
        columns = where[known]
        values = (1.0 + np.log(tf[known])) * self.idf[columns]
        norm = float(np.sqrt(values @ values))
        order = np.argsort(columns)
        return columns[order], (values / norm if norm else values)[order]


def fit_vocabularies(counted: Sequence[tuple[Counts, ...]]) -> tuple[Vocabulary, ...]:
    """Each block's vocabulary (every term seen) with smoothed idf, from the training texts' counts."""
    n = len(counted)
    vocabularies = []
    for block in range(len(BLOCKS)):
        seen = [c[block][0] for c in counted]
        keys, df = np.unique(np.concatenate(seen) if seen else np.zeros(0, dtype=np.int64), return_counts=True)
        vocabularies.append(Vocabulary(keys, np.log((1.0 + n) / (1.0 + df)) + 1.0))
    return tuple(vocabularies)


def to_rows(counted: Sequence[tuple[Counts, ...]], vocabularies: Sequence[Vocabulary]) -> Rows:
    """The texts' counts as sparse rows over the blocks' vocabularies laid side by side."""
    offsets = np.cumsum([0, *(len(v.keys) for v in vocabularies)])
    columns: list[np.ndarray] = []
    values: list[np.ndarray] = []
    starts = [0]
    for counts in counted:
        for block, vocabulary in enumerate(vocabularies):
            block_columns, block_values = vocabulary.row(counts[block])
            columns.append(block_columns + offsets[block])
            values.append(block_values)
        starts.append(starts[-1] + sum(len(c) for c in columns[-len(vocabularies) :]))
    return Rows(
        np.asarray(starts),
        np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64),
        np.concatenate(values) if values else np.zeros(0),
        int(offsets[-1]),
    )
