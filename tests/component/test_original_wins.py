"""The original wins: a story and its copy on two hosts, the copy crawled first, with and without a canonical link."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import signals

from crawler.dedup.fingerprints import url_id
from crawler.dedup.stories import resolve_stories
from crawler.items import Article
from crawler.pipelines.drops import Rejected
from tests.component.test_dedup_pipeline import TEXT, Run

ORIGINAL = "https://wire.example/news/zte-ban"
COPY = "https://partner.example/world/zte-ban-copy"


def story(url: str, canonical: str | None = None, published: str | None = None, text: str = TEXT) -> Article:
    return Article(url=url, canonical_url=canonical or url, title="ZTE ban", text=text, language="en",
                   published=published, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")


def written(run: Run, item: Article) -> list[dict[str, object]]:
    """The line the store stage writes for a kept item (and the signal it sends), or none for a drop."""
    try:
        kept = run.stage.process_item(item)
    except Rejected:
        return []
    run.crawler.signals.send_catch_log(signals.item_scraped, item=kept, response=None, spider=None)
    return [kept.record()]


@pytest.mark.parametrize("canonical", [True, False], ids=["copy-with-canonical", "copy-without-canonical"])
def test_copy_first_then_original_resolves_to_the_original(tmp_path: Path, canonical: bool) -> None:
    lines: list[dict[str, object]] = []
    first = Run(tmp_path)  # the copy is crawled first, and written: nothing better is known yet
    copy = story(COPY, ORIGINAL if canonical else None, "2024-03-15T09:00:00+00:00", TEXT + " Republished with permission.")
    lines += written(first, copy)
    first.close()
    assert [line["id"] for line in lines] == [url_id(COPY)], "the copy keeps its own id, never the original's"
    again = Run(tmp_path)  # a later crawl finds the original
    lines += written(again, story(ORIGINAL, published="2024-03-14T16:40:00-04:00"))
    lines += written(again, story(COPY, ORIGINAL if canonical else None, "2024-03-15T09:00:00+00:00",
                                  TEXT + " Republished with permission."))  # the copy seen again: nothing new
    again.close()
    original = lines[1]
    assert original["id"] == url_id(ORIGINAL) and original["version"] == 1
    assert original["supersedes"] == [url_id(COPY)]
    assert len(lines) == 2
    assert [(r["url"], r["id"]) for r in resolve_stories(lines)] == [(ORIGINAL, url_id(ORIGINAL))]


def test_a_copy_pointing_at_a_stored_original_is_its_duplicate_not_its_version(tmp_path: Path) -> None:
    run = Run(tmp_path)
    original = written(run, story(ORIGINAL, published="2024-03-14T16:40:00-04:00"))
    changed = TEXT.replace("eighteen months", "two years") + " A paragraph of the partner's own."
    with pytest.raises(Rejected) as info:
        run.stage.process_item(story(COPY, ORIGINAL, "2024-03-15T09:00:00+00:00", changed))
    run.close()
    assert info.value.reason == "duplicate/canonical" and info.value.extra["duplicate_of"] == original[0]["id"]


def test_without_dates_or_links_the_first_seen_stays(tmp_path: Path) -> None:
    run = Run(tmp_path)
    lines = written(run, story(COPY)) + written(run, story(ORIGINAL))
    run.close()
    assert [line["url"] for line in lines] == [COPY]


def test_a_later_copy_of_a_stored_original_is_dropped(tmp_path: Path) -> None:
    run = Run(tmp_path)
    lines = written(run, story(ORIGINAL, published="2024-03-14T16:40:00-04:00"))
    lines += written(run, story(COPY, published="2024-03-15T09:00:00+00:00"))
    run.close()
    assert [line["url"] for line in lines] == [ORIGINAL] and lines[0]["supersedes"] == []
