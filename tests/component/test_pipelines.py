"""The real pipeline classes, built by Scrapy's get_crawler and called as a crawl would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.drops import Rejected, stat_key
from crawler.extensions.rejects import RejectLog
from crawler.items import Article, Page
from crawler.pipelines.dedup import DedupPipeline
from crawler.pipelines.extract import ExtractPipeline
from crawler.pipelines.relevance import RelevancePipeline
from crawler.pipelines.store import StorePipeline
from crawler.pipelines.validate import ValidatePipeline

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def crawler_for(tmp_path: Path, **extra: Any) -> Any:
    values = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    values.update(OUTPUT_DIR=str(tmp_path), **extra)
    return get_crawler(settings_dict=values)


def page(name: str, url: str) -> Page:
    body = (GOLDEN / name).read_bytes()
    return Page(url=url, body=body, headers={"content-type": "text/html; charset=utf-8"},
                fetched_at="2026-11-23T06:00:00+00:00")


def article(**fields: Any) -> Article:
    base: dict[str, Any] = dict(url="https://a.org/1", canonical_url="https://a.org/1", title="ZTE sanctions",
                                text="The FCC banned ZTE over national security. " * 20, language="en",
                                published=None, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")
    base.update(fields)
    return Article(**base)


@pytest.fixture
def extract_stage(tmp_path: Path) -> Iterator[ExtractPipeline]:
    stage = ExtractPipeline.from_crawler(crawler_for(tmp_path, EXTRACT_WORKERS=1, EXTRACT_MAX_BYTES=20_000))
    stage.open_spider()
    yield stage
    stage.close_spider()


def extract(stage: ExtractPipeline, item: Page) -> Any:
    return asyncio.run(stage.process_item(item))


def test_extract_turns_a_page_into_an_article(extract_stage: ExtractPipeline) -> None:
    found = extract(extract_stage, page("en_wire.html", "https://wire.example/us-scanner"))
    assert isinstance(found, Article)
    assert found.title == "US presses Europe to shun Chinese airport scanner maker"
    assert found.authors == ["Dana Whitfield", "Marco Bellini"]
    assert found.fetched_at == "2026-11-23T06:00:00+00:00"


def test_extract_drops_an_empty_page_with_its_reason(extract_stage: ExtractPipeline) -> None:
    empty = Page(url="https://a.org/e", body=b"<html><head><title>t</title></head><body><div></div></body></html>", headers={},
                 fetched_at="2026-11-23T06:00:00+00:00")
    with pytest.raises(Rejected) as info:
        extract(extract_stage, empty)
    assert info.value.reason == "extract/empty"


def test_extract_drops_a_page_over_the_size_cap(extract_stage: ExtractPipeline) -> None:
    big = Page(url="https://a.org/big", body=b"<p>x</p>" * 5000, headers={}, fetched_at="2026-11-23T06:00:00+00:00")
    with pytest.raises(Rejected, match="extract/too_large"):
        extract(extract_stage, big)


def test_other_items_pass_through(extract_stage: ExtractPipeline) -> None:
    assert extract(extract_stage, {"not": "a page"}) == {"not": "a page"}


def test_validate_and_relevance(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    with pytest.raises(Rejected, match="invalid/too_short"):
        ValidatePipeline.from_crawler(crawler).process_item(article(text="short text"))
    relevance = RelevancePipeline.from_crawler(crawler)
    kept = relevance.process_item(article())
    assert kept.topic_score > 0 and "ZTE" in kept.topic_matches
    with pytest.raises(Rejected) as info:
        relevance.process_item(article(title="Football", text="A match report. " * 30))
    assert info.value.reason == "offtopic"


def test_relevance_reads_a_profile_file(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('name = "cheese"\n[[groups]]\nname = "c"\nterms = ["camembert"]\n', "utf-8")
    stage = RelevancePipeline.from_crawler(crawler_for(tmp_path, TOPIC_PROFILE=str(profile)))
    assert stage.process_item(article(text="Le camembert de Normandie. " * 20)).topic_matches == ["camembert"]


def test_dedup_within_a_run_and_across_runs(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    dedup, store = DedupPipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedup.open_spider()
    store.open_spider()
    first = dedup.process_item(article())
    assert store.write_group([first]) == 1
    assert first.id and first.content_hash
    with pytest.raises(Rejected, match="duplicate/url") as info:
        dedup.process_item(article(url="https://a.org/1?print=1"))
    assert info.value.extra["duplicate_of"] == first.id
    with pytest.raises(Rejected, match="duplicate/exact"):
        dedup.process_item(article(url="https://b.org/2", canonical_url="https://b.org/2"))
    dedup.close_spider()
    store.close_spider()
    lines = (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()
    assert list(json.loads(lines[0])) == list(first.record())
    again = DedupPipeline.from_crawler(crawler_for(tmp_path))
    again.open_spider()
    with pytest.raises(Rejected, match="duplicate/url"):
        again.process_item(article())
    again.close_spider()


def test_reject_log_writes_reason_and_counts_it(tmp_path: Path) -> None:
    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    log = RejectLog.from_crawler(crawler)
    log.spider_opened()
    log.item_dropped(article(), Rejected("duplicate/near", "x", url="https://a.org/1", duplicate_of="abc"))
    log.item_dropped(article(), DropItem("someone else's drop"))
    log.spider_closed()
    records = [json.loads(x) for x in (tmp_path / "rejected.jsonl").read_text("utf-8").splitlines()]
    assert records[0]["reason"] == "duplicate/near" and records[0]["duplicate_of"] == "abc"
    assert records[1]["reason"] == "dropped/other" and records[1]["url"] == "https://a.org/1"
    assert crawler.stats.get_value("duplicate/dropped/near") == 1


def test_reject_log_syncs_once_a_moment_and_at_close_not_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr("crawler.store.jsonl.os.fsync", synced.append)
    crawler = crawler_for(tmp_path)
    crawler.stats.open_spider()
    log = RejectLog.from_crawler(crawler)
    log.spider_opened()
    for n in range(50):
        log.item_dropped(article(), Rejected("offtopic", "x", url=f"https://a.org/{n}"))
    assert len(synced) <= 1
    log.spider_closed()
    assert len(synced) >= 1 and len((tmp_path / "rejected.jsonl").read_text("utf-8").splitlines()) == 50


def test_stat_keys() -> None:
    assert stat_key("duplicate/url") == "duplicate/dropped/url"
    assert stat_key("offtopic") == "offtopic/dropped"


def test_extract_drops_a_page_that_is_no_article_with_its_kind(extract_stage: ExtractPipeline) -> None:
    from tests.unit.test_extraction_pagetype import product_page

    shop = Page(url="https://shop.example/products/trail-shoe-x2", body=product_page().encode(), headers={},
                fetched_at="2026-11-23T06:00:00+00:00", source="sitemap")  # listed pages are checked too
    with pytest.raises(Rejected) as info:
        extract(extract_stage, shop)
    assert info.value.reason == "not_article/product"
    assert stat_key(info.value.reason) == "not_article/dropped/product"


def advice_page() -> bytes:
    """A page of a few paragraphs with a service's marks, in a services section: refused as a plain `page`, a little
    below the line."""
    sentence = ("Our advisers help tenants who face eviction, unpaid deposits or repairs a landlord refuses to make, "
                "and they explain the steps of a claim before the housing court in plain words.")
    ld = json.dumps({"@context": "https://schema.org", "@type": "LegalService", "name": "Tenants' Help"})
    return ("<html><head><title>Housing advice</title>"
            f"<script type='application/ld+json'>{ld}</script></head><body><nav><a href='/'>Home</a></nav>"
            "<h1>Housing advice</h1>" + "".join(f"<p>{sentence} Call us on weekdays {i}.</p>" for i in range(6)) +
            "<form><input name='q'><button>Send</button></form><footer><a href='/privacy'>Privacy</a></footer>"
            "</body></html>").encode()


@pytest.mark.parametrize(("source", "kept"), [("link", False), ("sitemap", True), ("feed", True)])
def test_a_page_its_site_lists_as_a_story_is_kept_from_a_lower_score(
    extract_stage: ExtractPipeline, source: str, kept: bool
) -> None:
    item = Page(url="https://help.example/services/housing-advice", body=advice_page(), headers={},
                fetched_at="2026-11-23T06:00:00+00:00", source=source)
    if kept:
        assert isinstance(extract(extract_stage, item), Article)
    else:
        with pytest.raises(Rejected, match="not_article/page"):
            extract(extract_stage, item)



class HeldPool:
    """A pool whose results the test hands out, in the order it chooses."""

    def __init__(self) -> None:
        self.futures: dict[str, Any] = {}

    def submit(self, body: bytes, url: str, content_type: str | None) -> Any:
        from concurrent.futures import Future

        self.futures[url] = Future()
        return self.futures[url]

    def finish(self, url: str, **fields: Any) -> None:
        from crawler.extraction.job import Extracted

        text = "The FCC banned ZTE. " * 30
        self.futures[url].set_result(Extracted(url, url, "ZTE", text, "en", None, (), None, **fields))

    def close(self) -> None:
        pass


def test_spellings_of_one_page_leave_extraction_in_the_order_they_came(tmp_path: Path) -> None:
    """The seed's spelling was fetched first; its worker finishing last must not hand dedup the variant first."""
    stage = ExtractPipeline.from_crawler(crawler_for(tmp_path))
    stage.pool = pool = HeldPool()  # type: ignore[assignment]
    seed, variant, other = "https://a.org/news/story", "https://a.org/news/story/", "https://a.org/news/other"
    left: list[str] = []

    async def one(url: str) -> None:
        article = await stage.process_item(Page(url=url, body=b"<html></html>", headers={}, fetched_at="2026-11-23"))
        left.append(article.url)

    async def main() -> None:
        tasks = [asyncio.ensure_future(one(url)) for url in (seed, variant, other)]
        await asyncio.sleep(0)
        for url in (variant, other):  # the later spelling and another page finish first
            pool.finish(url)
        await asyncio.sleep(0.05)
        assert left == [other]  # another page never waits; the variant waits for its seed
        pool.finish(seed)
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert left == [other, seed, variant]


BRIEF = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>ZTE paie une nouvelle pénalité</title>
{declared}<meta property="article:published_time" content="2018-07-03T11:30:00+02:00"></head><body>
<nav><a href="/">Accueil</a> <a href="/tech/">Tech</a> <a href="/monde/">Monde</a></nav><main><article>
<h1>ZTE paie une nouvelle pénalité</h1><p class="byline">Par la rédaction, le <time>3 juillet 2018</time></p>
<p>Le groupe chinois ZTE a versé une pénalité d'un milliard de dollars au Trésor américain, condition posée par
Washington pour lever l'interdiction qui empêchait ses fournisseurs américains de lui livrer des composants.</p>
</article></main><footer><a href="/contact/">Contact</a></footer></body></html>"""


@pytest.mark.parametrize(("declared", "kept"), [
    ('<meta property="og:type" content="article">', True),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "ZTE"}</script>', True),
    ("", False),  # a page that does not say it is an article needs VALIDATE_MIN_WORDS
])
def test_a_brief_its_page_declares_an_article_is_kept_under_the_full_floor(
    tmp_path: Path, extract_stage: ExtractPipeline, declared: str, kept: bool
) -> None:
    brief = Page(url="https://hub.example/breve-zte", body=BRIEF.format(declared=declared).encode(),
                 headers={"content-type": "text/html; charset=utf-8"}, fetched_at="2026-11-23T06:00:00+00:00")
    found = extract(extract_stage, brief)
    assert isinstance(found, Article) and 30 <= found.word_count < 60 and found.declared_article is kept
    validate = ValidatePipeline.from_crawler(crawler_for(tmp_path))
    if kept:
        assert validate.process_item(found) is found
    else:
        with pytest.raises(Rejected, match="invalid/too_short: 3. words < 60"):
            validate.process_item(found)
    flat = ValidatePipeline.from_crawler(crawler_for(tmp_path, VALIDATE_BRIEF_MIN_WORDS=60))
    with pytest.raises(Rejected, match="invalid/too_short"):  # the brief floor set to the full one: the old rule
        flat.process_item(found)


def test_a_teaser_its_page_declares_an_article_needs_the_full_floor(tmp_path: Path) -> None:
    validate = ValidatePipeline.from_crawler(crawler_for(tmp_path))
    text = "Le groupe chinois ZTE a versé une pénalité d'un milliard de dollars au Trésor américain. " * 3
    brief = article(text=text, declared_article=True, page_type_margin=3.0)
    assert validate.process_item(brief) is brief
    for teaser in (article(text=text + "Lire la suite...", declared_article=True, page_type_margin=3.0,
                           quality_flags=["truncated"]),
                   article(text=text, declared_article=True, page_type_margin=0.5)):
        with pytest.raises(Rejected, match="invalid/too_short: .* < 60"):
            validate.process_item(teaser)


@pytest.mark.parametrize(("source", "declared", "kept"), [
    ("sitemap", True, True),  # listed and declared: the publisher's two statements win over the page's shape
    ("sitemap", False, False),  # listed only: a listing-shaped page stays refused (a hub in a sitemap)
    ("link", True, False),  # declared only: not enough against the shape
])
def test_a_listed_page_that_declares_itself_an_article_is_kept_whatever_it_looks_like(
    tmp_path: Path, source: str, declared: bool, kept: bool
) -> None:
    from crawler.extraction.pagetype import PageType

    stage = ExtractPipeline.from_crawler(crawler_for(tmp_path))
    stage.pool = pool = HeldPool()  # type: ignore[assignment]
    url = "https://a.org/news/2026/ban-widened"
    page = Page(url=url, body=b"<html></html>", headers={}, fetched_at="2026-11-23", source=source)

    async def main() -> Any:
        task = asyncio.ensure_future(stage.process_item(page))
        await asyncio.sleep(0)
        pool.finish(url, page_type=PageType("listing", -0.4), declared_article=declared)  # listing-shaped, near the line
        return await task

    if kept:
        assert isinstance(asyncio.run(main()), Article)
    else:
        with pytest.raises(Rejected, match="not_article/listing"):
            asyncio.run(main())
