"""The original wins: a story and its copy on two hosts, the copy crawled first, with and without a canonical link."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crawler.corpus.selection import entry_of, one_per_story
from crawler.dedup.fingerprints import url_id
from crawler.drops import Rejected
from crawler.items import Article
from tests.component.test_dedup_pipeline import TEXT, Run

ORIGINAL = "https://wire.example/news/zte-ban"
COPY = "https://partner.example/world/zte-ban-copy"


def story(url: str, canonical: str | None = None, published: str | None = None, text: str = TEXT) -> Article:
    return Article(url=url, canonical_url=canonical or url, title="ZTE ban", text=text, language="en",
                   published=published, authors=[], sitename=None, fetched_at="2026-11-23T06:00:00+00:00")


def written(run: Run, item: Article) -> list[dict[str, object]]:
    """The line the store stage writes for a kept item, or none for a drop."""
    try:
        kept = run.stored(item)
    except Rejected:
        return []
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
    entries = [e for n, line in enumerate(lines) if (e := entry_of(n, line)) is not None]
    kept = [lines[e.line] for e in one_per_story(entries, Counter())]  # what `scrapy export` keeps by default
    assert [(r["url"], r["id"]) for r in kept] == [(ORIGINAL, url_id(ORIGINAL))]


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
