"""One fit of the profile's topic model per crawl: the relevance stage and the frontier judge with the same model."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

import crawler.relevance.model as model_module
from crawler import settings as project_settings
from crawler.config import topic_fits
from crawler.pipelines.relevance import RelevancePipeline
from crawler.relevance.model import ModelFits, TopicModel
from crawler.spiders.topic import TopicSpider


def counted_fits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of examples of each article model fitted from now on."""
    fitted: list[int] = []
    real = model_module.fit_model

    def counting(examples, *args, **kwargs) -> TopicModel | None:  # type: ignore[no-untyped-def]
        fitted.append(len(examples))
        return real(examples, *args, **kwargs)

    monkeypatch.setattr(model_module, "fit_model", counting)
    return fitted


def test_the_relevance_stage_and_the_frontier_share_one_fit_of_the_default_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitted = counted_fits(monkeypatch)
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(TopicSpider, {**values, "OUTPUT_DIR": str(tmp_path)})
    spider = TopicSpider.from_crawler(crawler)  # a crawl builds the spider before the extensions: it fits nothing yet
    assert fitted == []
    stage = RelevancePipeline.from_crawler(crawler)  # then the engine's pipelines
    scorer = spider.scorer  # built at the crawl's start
    assert scorer.judge is not None and stage.judge.model is not None
    assert scorer.judge.model is stage.judge.model
    assert fitted == [len(stage.judge.examples)] and len(stage.judge.examples) > 300  # once, on every example
    assert crawler.get_extension(ModelFits) is topic_fits(crawler)


def test_without_the_extension_each_component_fits_its_own_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted = counted_fits(monkeypatch)
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    off = {**values["EXTENSIONS"], "crawler.relevance.model.ModelFits": None}
    crawler = get_crawler(settings_dict={**values, "OUTPUT_DIR": str(tmp_path), "EXTENSIONS": off})
    first, second = RelevancePipeline.from_crawler(crawler), RelevancePipeline.from_crawler(crawler)
    assert first.judge.model is not second.judge.model and len(fitted) == 2
    assert topic_fits(None) is not topic_fits(None)
