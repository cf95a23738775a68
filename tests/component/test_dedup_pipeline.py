"""The dedup stage built by Scrapy's get_crawler, driven by the signals a crawl sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, signals
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.dedup.fingerprints import url_id
from crawler.drops import Rejected
from crawler.items import Article
from crawler.middlewares.frontier import permanent_aliases
from crawler.pipelines.dedup import DedupPipeline
from crawler.pipelines.store import StorePipeline
from crawler.state import CrawlState

TEXT = (
    "The Federal Communications Commission extended its ban on ZTE equipment to state and local networks on Thursday, "
    "citing national security. State agencies that received federal broadband grants must remove ZTE routers and radio "
    "units within eighteen months. ZTE rejected the accusation that its equipment was a security threat. "
) * 2


def crawler_for(tmp_path: Path, **extra: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), **extra)
    return get_crawler(settings_dict=values)


def article(url: str = "https://a.example/news/zte", text: str = TEXT, canonical: str | None = None) -> Article:
    return Article(url=url, canonical_url=canonical or url, title="ZTE ban", text=text, language="en", published=None,
                   authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")


class Run:
    """One crawl's dedup stage and the store stage that records its fingerprints in its transaction."""

    def __init__(self, tmp_path: Path, **settings: Any) -> None:
        self.crawler = crawler_for(tmp_path, **settings)
        self.crawler.stats.open_spider()
        self.stage = DedupPipeline.from_crawler(self.crawler)
        self.stage.open_spider()
        self.store = StorePipeline.from_crawler(self.crawler)
        self.store.open_spider()

    def stored(self, item: Article, response: HtmlResponse | None = None) -> Article:
        kept = self.stage.process_item(item)
        if response is not None:  # what the frontier middleware notes of the response that produced the page
            kept.frontier_key = "page-key"
            CrawlState.of(self.crawler).redirects["page-key"] = permanent_aliases(response)
        self.store.write_group([kept])
        return kept

    def close(self) -> None:
        self.stage.close_spider()
        self.store.close_spider()
        CrawlState.of(self.crawler).close()


def test_kept_article_gets_id_hash_version_and_its_copies_are_dropped(tmp_path: Path) -> None:
    run = Run(tmp_path)
    first = run.stored(article())
    assert (first.id, first.version, first.duplicate_of) == (url_id("https://a.example/news/zte"), 1, None)
    assert len(first.content_hash) == 32
    with pytest.raises(Rejected) as url_dup:
        run.stage.process_item(article("http://www.a.example/news/zte/?utm_source=x"))
    assert (url_dup.value.reason, url_dup.value.extra["duplicate_of"]) == ("duplicate/url", first.id)
    with pytest.raises(Rejected) as near:
        run.stage.process_item(article("https://b.example/wire/1", TEXT.replace("Thursday", "Wednesday") + " Share this."))
    assert near.value.reason == "duplicate/near" and near.value.extra["duplicate_of"] == first.id
    assert 0.8 <= near.value.extra["similarity"] <= 1.0 and "similarity" in str(near.value)
    run.close()


def test_fingerprints_reach_the_state_only_once_the_item_is_stored(tmp_path: Path) -> None:
    run = Run(tmp_path)
    item = run.stage.process_item(article())
    run.crawler.signals.send_catch_log(signals.item_dropped, item=item, response=None, spider=None,
                                       exception=DropItem("the store stage failed"))
    assert run.stage.process_item(article()).version == 1  # the claim was released: not a duplicate
    run.close()
    again = Run(tmp_path)
    assert again.stored(article()).id == url_id("https://a.example/news/zte")  # never recorded: still new
    again.close()
    third = Run(tmp_path)
    with pytest.raises(Rejected, match="duplicate/url"):
        third.stage.process_item(article())
    third.close()


def test_a_changed_text_is_a_new_version_with_the_same_id(tmp_path: Path) -> None:
    run = Run(tmp_path)
    first = run.stored(article())
    run.close()
    later = Run(tmp_path)
    second = later.stored(article(text=TEXT + " Update: ZTE said it would appeal."))
    assert (second.id, second.version) == (first.id, 2)
    assert later.crawler.stats.get_value("dedup/versions") == 1
    later.close()


def test_copies_kept_flagged_with_the_setting(tmp_path: Path) -> None:
    run = Run(tmp_path, DEDUP_KEEP_COPIES=True)
    first = run.stored(article())
    copy = run.stored(article("https://b.example/wire/1", TEXT))
    assert (copy.id, copy.duplicate_of) == (url_id("https://b.example/wire/1"), first.id)
    assert run.crawler.stats.get_value("dedup/flagged/exact") == 1
    run.close()


def test_permanent_redirects_are_remembered(tmp_path: Path) -> None:
    run = Run(tmp_path)
    moved, old, final = "https://a.example/latest", "https://a.example/old/zte", "https://a.example/news/zte"
    request = Request(final, meta={"redirect_urls": [moved, old], "redirect_reasons": [302, 301]})
    run.stored(article(final), HtmlResponse(final, body=b"<html></html>", request=request))
    with pytest.raises(Rejected, match="duplicate/url"):
        run.stage.process_item(article(old))
    other = "The county fair opens on Saturday with a tractor pull and a record number of livestock entries. " * 3
    assert run.stage.process_item(article(moved, other)).id == url_id(moved)  # a 302 is no alias: a new article
    assert permanent_aliases(HtmlResponse(final, body=b"", request=Request(final, meta={
        "redirect_urls": [old, moved], "redirect_reasons": [301, 302]}))) == []  # 301 to a page that moves again
    assert permanent_aliases(None) == []
    run.close()


def test_a_state_of_another_scheme_is_refused_at_open(tmp_path: Path) -> None:
    Run(tmp_path).close()
    stage = DedupPipeline.from_crawler(crawler_for(tmp_path, DEDUP_SHINGLE_WORDS=3))
    with pytest.raises(ValueError, match="use the settings the state was built with"):
        stage.open_spider()
    stage.close_spider()
