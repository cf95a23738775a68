"""MinHash sketches, the b-bit similarity estimate, the LSH S-curve and the acceptance cutoff."""

from __future__ import annotations

import pytest

from crawler.dedup.lsh import acceptance_cutoff, candidate_probability, estimate_sd, similarities
from crawler.dedup.minhash import MinHashConfig, MinHasher

CONFIG = MinHashConfig()


def words(start: int, stop: int) -> str:
    return " ".join(f"word{i}" for i in range(start, stop))


def test_sketch_is_deterministic_across_instances() -> None:
    text = "The FCC extended its ban on ZTE equipment to state networks."
    a, b = MinHasher(CONFIG).sketch(text), MinHasher(CONFIG).sketch(text)
    assert a == b
    assert len(a.band_keys) == CONFIG.bands
    assert all(-(2**31) <= k < 2**31 for k in a.band_keys)
    assert len(a.signature) == CONFIG.signature_bytes == 32


def test_another_seed_is_another_scheme() -> None:
    other = MinHashConfig(seed=2)
    assert other.scheme() != CONFIG.scheme()
    assert MinHasher(other).sketch(words(0, 50)) != MinHasher(CONFIG).sketch(words(0, 50))


def test_form_does_not_matter_words_do() -> None:
    hasher = MinHasher(CONFIG)
    assert hasher.sketch("Huawei  denies the claims.\nIt says: “no”.") == hasher.sketch("huawei denies the claims it says no")
    assert hasher.sketch("Huawei denies the claims") != hasher.sketch("Huawei admits the claims")


@pytest.mark.parametrize(("overlap", "expected"), [(200, 1.0), (160, 160 / 240), (100, 100 / 300), (0, 0.0)])
def test_similarity_estimates_the_jaccard_of_word_sets(overlap: int, expected: float) -> None:
    hasher = MinHasher(CONFIG)
    a = hasher.sketch(words(0, 200))
    b = hasher.sketch(words(200 - overlap, 400 - overlap))
    estimate = float(similarities(a.signature, [b.signature], CONFIG)[0])
    assert abs(estimate - expected) <= 3 * estimate_sd(expected, CONFIG) + 0.01


def test_identical_texts_share_every_band() -> None:
    hasher = MinHasher(CONFIG)
    assert hasher.sketch(words(0, 300)).band_keys == hasher.sketch(words(0, 300)).band_keys


def test_word_ngrams_are_order_sensitive() -> None:
    trigrams = MinHasher(MinHashConfig(shingle_words=3))
    unigrams = MinHasher(CONFIG)
    forward, backward = words(0, 100), " ".join(reversed(words(0, 100).split()))
    assert unigrams.sketch(forward) == unigrams.sketch(backward)
    tri = similarities(trigrams.sketch(forward).signature, [trigrams.sketch(backward).signature], trigrams.config)
    assert float(tri[0]) < 0.2


def test_short_and_empty_texts_have_sketches() -> None:
    hasher = MinHasher(MinHashConfig(shingle_words=3))
    assert hasher.sketch("two words") == hasher.sketch("Two, words!")
    assert hasher.sketch("") == hasher.sketch("  ...  ")
    assert hasher.sketch("") != hasher.sketch("two words")


def test_long_texts_are_hashed_in_blocks() -> None:
    hasher = MinHasher(CONFIG)
    long_text = words(0, 5000)
    assert hasher.sketch(long_text) == hasher.sketch(long_text + " " + words(0, 10))


def test_s_curve_and_cutoff_of_the_default_scheme() -> None:
    assert candidate_probability(0.8, 12, 5) == pytest.approx(0.9915, abs=1e-4)
    assert candidate_probability(0.5, 12, 5) == pytest.approx(0.3168, abs=1e-4)
    assert acceptance_cutoff(0.8, CONFIG) == pytest.approx(0.725, abs=1e-3)
    assert 0.0 <= acceptance_cutoff(0.01, CONFIG) < 0.01


def test_no_candidates_no_similarities() -> None:
    assert len(similarities(b"\0" * 32, [], CONFIG)) == 0


@pytest.mark.parametrize(
    "fields",
    [{"shingle_words": 0}, {"bands": 0}, {"signature_bits": 3}, {"signature_perms": 4}, {"signature_perms": 12}],
)
def test_invalid_schemes_are_refused(fields: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        MinHashConfig(**fields)
