"""The relevance stage with the default profile's topic model: every decision says why, with the model's score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.drops import Rejected
from crawler.items import Article
from crawler.pipelines.relevance import RelevancePipeline


def stage(tmp_path: Path, **extra: Any) -> RelevancePipeline:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), **extra)
    return RelevancePipeline.from_crawler(get_crawler(settings_dict=values))


def article(title: str, text: str) -> Article:
    return Article(url="https://a.org/1", canonical_url="https://a.org/1", title=title, text=text, language="en",
                   published=None, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")  # fmt: skip


def test_kept_and_dropped_articles_carry_the_models_score(tmp_path: Path) -> None:
    relevance = stage(tmp_path)
    kept = relevance.process_item(article(
        "FCC bans new Huawei and ZTE equipment over national security",
        "The Federal Communications Commission banned new equipment from Huawei and ZTE, citing national security.\n"
        "Huawei said the ban was political. ZTE did not comment on the decision.\n"
        "Carriers must also remove Huawei gear bought with federal subsidies.",
    ))  # fmt: skip
    assert kept.record()["topic_model_score"] == kept.topic_model_score and 0 <= kept.topic_model_score <= 1
    assert {"Huawei", "ZTE"} <= set(kept.topic_matches)
    with pytest.raises(Rejected) as info:
        relevance.process_item(article("Huawei Mate review", "A great camera.\nHuawei's screen is bright. Verdict: buy it."))
    assert info.value.reason == "offtopic" and info.value.extra["topic_model_score"] is not None
    assert "model" in info.value.detail and "score" in info.value.detail
    stats = relevance.stats.get_stats() if relevance.stats is not None else {}
    assert stats.get("relevance/band/above") == 1 and sum(v for k, v in stats.items() if k.startswith("relevance/band/")) == 2


def test_a_profile_without_examples_records_no_model_score(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('name = "cheese"\n[[groups]]\nname = "c"\nterms = ["camembert"]\n', "utf-8")
    kept = stage(tmp_path, TOPIC_PROFILE=str(profile)).process_item(article("Camembert", "Le camembert de Normandie."))
    assert kept.topic_model_score is None and kept.record()["topic_model_score"] is None
