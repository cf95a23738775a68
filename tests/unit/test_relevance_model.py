"""The numpy topic model: its n-grams, its Gram matrix, its optimum, and agreement with scikit-learn's pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from crawler.relevance.model import fit_logistic, fit_model, model_text
from crawler.relevance.ngrams import char_terms, fit_vocabularies, term_counts, to_rows, word_terms
from crawler.relevance.profile_examples import Example

ON = [
    Example("Regulator bans the vendor's gear", "Carriers must remove and replace the equipment by next year.", True),
    Example("Government excludes the supplier", "The ministry shut the firm out of tenders for core networks.", True),
    Example("Le régulateur exclut l'équipementier", "Les opérateurs devront retirer les antennes d'ici deux ans.", True),
    Example("Court upholds the ban on the gear", "Judges said the order to rip out the routers was lawful.", True),
]
OFF = [
    Example("Phone review: a great camera", "The new phone has a bright screen and a long battery life.", False),
    Example("Profit rises on strong sales", "Quarterly profit rose as shares gained after the results.", False),
    Example("Test du téléphone : un bel écran", "Le téléphone a une bonne autonomie et un excellent appareil.", False),
    Example("Chip maker opens a factory", "The plant will employ a thousand workers from next spring.", False),
]


def test_word_terms_are_unigrams_then_bigrams_of_two_letter_words() -> None:
    assert word_terms("a ban on 5g gear") == ["ban", "on", "5g", "gear", "ban on", "on 5g", "5g gear"]


def test_char_terms_are_padded_3_to_5_grams_within_words() -> None:
    assert char_terms("ab") == [" ab", "ab ", " ab "]  # a padded word no longer than n is itself, once
    assert char_terms("ban") == [" ba", "ban", "an ", " ban", "ban ", " ban "]
    assert char_terms("x  y") == [" x ", " y "]


def test_gram_matrix_is_every_pair_of_rows_dot_product() -> None:
    counted = [term_counts(model_text(e.title, e.text)) for e in ON + OFF]
    rows = to_rows(counted, fit_vocabularies(counted))
    dense = np.zeros((len(counted), rows.width))
    for i in range(len(counted)):
        span = slice(rows.starts[i], rows.starts[i + 1])
        dense[i, rows.columns[span]] = rows.values[span]
    assert np.allclose(rows.gram(chunk=7), dense @ dense.T, atol=1e-6)
    assert np.allclose(np.diag(rows.gram()), 2.0)  # two blocks, each of unit length
    coefficients = np.arange(len(counted), dtype=np.float64)
    assert np.allclose(rows.weighted_sum(coefficients), coefficients @ dense)


def test_newton_reaches_the_optimum_of_the_regularised_loss() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(30, 5))
    labels = (x[:, 0] + 0.5 * rng.normal(size=30) > 0).astype(np.float64)
    weights = rng.uniform(0.5, 2.0, size=30)
    alpha, bias = fit_logistic(x @ x.T, labels, weights, c=3.0)
    w = alpha @ x
    p = 1.0 / (1.0 + np.exp(-(x @ w + bias)))
    gradient_w = w + 3.0 * (weights * (p - labels)) @ x  # zero at the optimum
    gradient_bias = 3.0 * weights @ (p - labels)
    assert np.abs(gradient_w).max() < 1e-6 and abs(gradient_bias) < 1e-6


def test_the_model_tells_the_examples_apart_and_needs_both_labels() -> None:
    model = fit_model(ON + OFF)
    assert model is not None
    assert all(model.probability(e.title, e.text) > 0.5 for e in ON)
    assert all(model.probability(e.title, e.text) < 0.5 for e in OFF)
    assert 0.0 <= model.probability("", "") <= 1.0
    assert fit_model(ON) is None


def test_probabilities_agree_with_scikit_learns_pipeline() -> None:
    sklearn = pytest.importorskip("sklearn", reason="scikit-learn (a dev dependency) is not installed")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    assert sklearn.__version__
    examples, weights = ON + OFF, [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0]  # on-topic weighs more
    reference = Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")),
                        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
                    ]
                ),
            ),
            ("classifier", LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, tol=1e-10)),
        ]
    )
    texts = [model_text(e.title, e.text) for e in examples]
    reference.fit(texts, [e.on_topic for e in examples], classifier__sample_weight=weights)
    model = fit_model(examples, weights=weights)
    assert model is not None
    probe = [*examples, Example("Carriers told to rip out the vendor's routers", "A new order covers antennas.", True)]
    ours = [model.probability(e.title, e.text) for e in probe]
    theirs = reference.predict_proba([model_text(e.title, e.text) for e in probe])[:, 1]
    assert np.abs(np.array(ours) - theirs).max() < 0.002
