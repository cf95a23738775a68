"""The page-type fit: one multinomial model whose kind scores are the article's score minus the kind's."""

from __future__ import annotations

import numpy as np

from scripts.fit_pagetype import fit, fit_with, scores


def test_kind_scores_are_the_articles_score_minus_the_kinds() -> None:
    rng = np.random.default_rng(7)
    centres = {"article": (0.0, 0.0), "forum": (4.0, 0.0), "product": (0.0, 4.0)}
    labels = np.array([kind for kind in centres for _ in range(60)])
    x = np.vstack([rng.normal(centres[kind], 1.0, size=(60, 2)) for kind in centres]) * [1.0, 30.0]  # raw scales differ
    model = fit(x, labels, 1.0)
    assert set(model) == {"forum", "product"}
    found = {kind: x @ weights + bias for kind, (weights, bias) in model.items()}
    assert np.mean(found["forum"][labels == "forum"] < 0) > 0.9  # a thread scores below 0 on the forum's line
    assert np.mean(found["product"][labels == "product"] < 0) > 0.9
    named = np.where(found["forum"] < found["product"], "forum", "product")  # the kind a page loses to most
    for kind in ("forum", "product"):
        assert np.mean(named[labels == kind] == kind) > 0.9
    assert np.mean(scores(model, x)[labels == "article"] > 0) > 0.9  # an article beats every kind


def test_extra_articles_join_the_fit_as_articles() -> None:
    rng = np.random.default_rng(3)
    labels = np.array(["article"] * 40 + ["forum"] * 40)
    x = np.vstack([rng.normal((0.0, 0.0), 0.5, size=(40, 2)), rng.normal((3.0, 0.0), 0.5, size=(40, 2))])
    extra = rng.normal((2.0, 0.0), 0.3, size=(40, 2))  # articles of another set, nearer the threads
    weights, bias = fit_with(x, labels, extra, 1.0)["forum"]
    alone_weights, alone_bias = fit_with(x, labels, np.zeros((0, 2)), 1.0)["forum"]
    assert np.mean(extra @ weights + bias > 0) > np.mean(extra @ alone_weights + alone_bias > 0)
    assert np.mean(extra @ weights + bias > 0) > 0.5
