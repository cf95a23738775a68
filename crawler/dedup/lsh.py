"""Deciding on a candidate: similarity estimated from b-bit signatures, the cutoff, and the LSH S-curve.

A stored article becomes a candidate when at least one of its `bands` band keys
equals the new text's: for texts of Jaccard similarity s that happens with
probability 1 - (1 - s**rows)**bands (the S-curve). A candidate is a copy when
the similarity estimated from the two signatures reaches the cutoff: the
threshold minus two standard deviations of the estimate at the threshold, so a
copy exactly at the threshold passes the check with about 97.7% probability.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from crawler.dedup.minhash import MinHashConfig

_Z = 2.0  # standard deviations below the threshold at which the cutoff sits


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """The LSH S-curve: probability that texts of this Jaccard similarity share at least one band."""
    return 1.0 - (1.0 - similarity**rows) ** bands


def estimate_sd(similarity: float, config: MinHashConfig) -> float:
    """Standard deviation of the b-bit MinHash estimate at this similarity."""
    chance = 2.0**-config.signature_bits
    agree = similarity + (1.0 - similarity) * chance
    return math.sqrt(agree * (1.0 - agree) / config.signature_perms) / (1.0 - chance)


def acceptance_cutoff(threshold: float, config: MinHashConfig) -> float:
    """The estimated similarity from which a candidate counts as a copy."""
    return max(0.0, threshold - _Z * estimate_sd(threshold, config))


def similarities(signature: bytes, others: Sequence[bytes], config: MinHashConfig) -> np.ndarray:
    """Estimated Jaccard similarity of `signature` to each of `others` (b-bit MinHash, bias corrected)."""
    if not others:
        return np.zeros(0)
    bits = config.signature_bits
    mine = np.frombuffer(signature, dtype=np.uint8)
    theirs = np.frombuffer(b"".join(others), dtype=np.uint8).reshape(len(others), -1)
    if bits == 1:  # one bit per value: the differing values are the set bits of the XOR
        differ = np.bitwise_count(theirs ^ mine).sum(axis=1, dtype=np.int64) / config.signature_perms
    else:
        unpacked = np.unpackbits(theirs ^ mine, axis=1).reshape(len(others), config.signature_perms, bits)
        differ = unpacked.any(axis=2).mean(axis=1)
    agree = 1.0 - differ
    chance = 2.0**-bits
    return np.clip((agree - chance) / (1.0 - chance), 0.0, 1.0)
