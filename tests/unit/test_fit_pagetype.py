"""The page-type fit: one multinomial model whose kind scores are the article's score minus the kind's."""

from __future__ import annotations

import numpy as np

from scripts.fit_pagetype import fit, scores


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
