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


def test_a_sites_pages_are_never_in_two_folds() -> None:
    from scripts.fit_pagetype import FOLDS, folds, out_of_sample_scores, site_of

    assert site_of("https://www.news.example.co.uk/a") == site_of("https://shop.example.co.uk/b") == "example.co.uk"
    assert site_of("https://blog.example.com/a") == site_of("https://example.com/") == "example.com"
    assert site_of("https://example.org/") != site_of("https://example.com/")
    labels = np.array(["article", "forum", "product"] * 40)
    sites = np.array([f"site{i // 4}" for i in range(120)])  # 4 pages a site, of mixed kinds
    found = folds(labels, sites, 0)
    assert len(found) == FOLDS
    for train, test in found:
        assert not set(sites[train]) & set(sites[test])
        assert set(labels[test]) == {"article", "forum", "product"}  # every kind in every fold
    assert sorted(np.concatenate([test for _, test in found]).tolist()) == list(range(120))
    rng = np.random.default_rng(3)
    x = rng.normal(size=(120, 2)) + np.select([labels == "forum", labels == "product"], [3.0, -3.0], 0.0)[:, None]
    assert np.all(out_of_sample_scores(x, labels, sites, 1.0, 0) != 0.0)  # every page scored by one fold's model


def test_the_fit_reads_the_signals_and_text_the_crawls_decision_reads() -> None:
    from crawler.extraction import extract
    from scripts.fit_pagetype import typed_inputs
    from tests.unit.test_extraction_pagetype import story_page

    classify = extract.classify
    found = typed_inputs(story_page().encode(), "https://news.example/2026/03/04/council-extends-the-rail-line")
    assert extract.classify is classify  # put back
    assert found is not None
    signals, text = found
    assert signals.url.date and signals.url.hyphens and "rail line by twelve kilometres" in text
    assert typed_inputs(b"\x00\x01", "https://x.example/") is None  # extraction stopped before the decision
