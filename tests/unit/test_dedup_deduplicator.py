"""The dedup room's decisions: URL variants, exact and near copies, versions, claims, across runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.dedup.deduplicator import DedupConfig, Deduplicator, SchemeMismatch, Verdict
from crawler.dedup.fingerprints import content_hash, url_id
from crawler.dedup.minhash import MinHashConfig
from crawler.store.base import StateStore, StoredArticle
from crawler.store.sqlite import SQLiteStore

STORY = (
    "The Federal Communications Commission on Thursday extended its ban on telecom equipment made by ZTE to networks "
    "run by state and local governments, saying the gear posed an unacceptable risk to national security. The order "
    "requires state agencies that received federal broadband grants to remove routers, switches and radio units within "
    "eighteen months. ZTE said it was disappointed by the decision and rejected the accusation that its equipment was a "
    "security threat. State officials warned that replacing the equipment could cost hundreds of millions of dollars."
)
COPY = STORY.replace("Thursday", "Wednesday") + " Share this article on social media."
OTHER = (
    "The county fair opens on Saturday with a record number of livestock entries, a new funnel cake stand and a "
    "tractor pull that organisers expect to draw visitors from three neighbouring states. Parking is free this year."
)
URL = "https://a.example/news/zte-ban"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "state.db")
    yield opened
    opened.close()


def keep(dedup: Deduplicator, url: str, text: str, canonical: str | None = None) -> Verdict:
    """Check, then claim and commit as the crawl does once the line is written."""
    verdict = dedup.check(url, canonical or url, text)
    assert verdict.keep, verdict
    dedup.claim(verdict)
    dedup.commit([verdict.token])
    return verdict


def test_a_new_article_gets_its_own_id_and_version_1(store: StateStore) -> None:
    verdict = keep(Deduplicator(store, DedupConfig()), URL, STORY)
    assert (verdict.kind, verdict.id, verdict.version, verdict.content_hash) == ("new", url_id(URL), 1, content_hash(STORY))
    assert verdict.reason is None and verdict.duplicate_of is None


@pytest.mark.parametrize(
    "variant",
    ["http://www.a.example/news/zte-ban/", "https://a.example/news/zte-ban/amp", "https://a.example/news/zte-ban;jsessionid=9"],
)
def test_url_variants_with_the_same_text_are_url_duplicates(store: StateStore, variant: str) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = keep(dedup, URL, STORY)
    verdict = dedup.check(variant, variant, STORY)
    assert (verdict.reason, verdict.duplicate_of, verdict.keep) == ("duplicate/url", first.id, False)


def test_a_page_whose_canonical_url_is_stored_is_a_url_duplicate(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = keep(dedup, URL, STORY)
    assert dedup.check("https://a.example/print/991", URL, STORY).duplicate_of == first.id


def test_the_same_text_elsewhere_is_an_exact_duplicate(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = keep(dedup, URL, STORY)
    verdict = dedup.check("https://b.example/x", "https://b.example/x", STORY.upper().replace(".", " !"))
    assert (verdict.reason, verdict.duplicate_of, verdict.similarity) == ("duplicate/exact", first.id, 1.0)


def test_an_edited_copy_elsewhere_is_a_near_duplicate(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = keep(dedup, URL, STORY)
    verdict = dedup.check("https://b.example/y", "https://b.example/y", COPY)
    assert (verdict.reason, verdict.duplicate_of) == ("duplicate/near", first.id)
    assert verdict.similarity is not None and 0.8 <= verdict.similarity <= 1.0
    assert dedup.check("https://c.example/z", "https://c.example/z", OTHER).kind == "new"


def test_near_detection_can_be_switched_off(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig(near_enabled=False))
    keep(dedup, URL, STORY)
    assert dedup.check("https://b.example/y", "https://b.example/y", COPY).kind == "new"
    assert dedup.check("https://b.example/y", "https://b.example/y", STORY).kind == "exact"


def test_copies_can_be_kept_flagged_and_are_nobodys_original(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig(keep_copies=True))
    first = keep(dedup, URL, STORY)
    copy = keep(dedup, "https://b.example/y", COPY)
    assert (copy.kind, copy.id, copy.duplicate_of) == ("near", url_id("https://b.example/y"), first.id)
    again = dedup.check("https://c.example/w", "https://c.example/w", COPY)
    assert again.duplicate_of == first.id  # the copy's bands were not recorded
    assert dedup.check("https://b.example/y", "https://b.example/y", COPY).reason == "duplicate/url"


def test_a_changed_text_at_a_known_url_is_a_new_version(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = keep(dedup, URL, STORY)
    updated = STORY + " Update: ZTE said on Friday it would challenge the order in court."
    v2 = keep(dedup, URL + "/", updated)
    assert (v2.kind, v2.id, v2.version, v2.reason) == ("version", first.id, 2, None)
    assert dedup.check(URL, URL, updated).reason == "duplicate/url"
    stale = dedup.check("https://a.example/news/zte-ban/amp", URL, STORY)  # a view still showing version 1
    assert (stale.reason, stale.version) == ("duplicate/url", 1)
    v3 = keep(dedup, URL, updated + " More later.")
    assert (v3.id, v3.version) == (first.id, 3)


def test_a_known_url_showing_another_articles_text_is_an_exact_duplicate(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    other = keep(dedup, "https://c.example/fair", OTHER)
    keep(dedup, URL, STORY)
    verdict = dedup.check(URL, URL, OTHER)
    assert (verdict.reason, verdict.duplicate_of) == ("duplicate/exact", other.id)


def test_claims_are_seen_before_commit_and_forgotten_on_release(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = dedup.check(URL, URL, STORY)
    dedup.claim(first)
    assert dedup.check(URL, URL, STORY).reason == "duplicate/url"
    assert dedup.check("https://b.example/y", "https://b.example/y", COPY).reason == "duplicate/near"
    assert store.count_fingerprints() == 0  # nothing in the state before the line is written
    dedup.release(first.token)
    assert dedup.check(URL, URL, STORY).kind == "new"


def test_permanent_redirects_become_url_aliases(store: StateStore) -> None:
    dedup = Deduplicator(store, DedupConfig())
    first = dedup.check(URL, URL, STORY)
    dedup.claim(first)
    dedup.add_aliases(first.token, ["https://a.example/old/2024/zte"])
    dedup.commit([first.token])
    assert dedup.check("https://a.example/old/2024/zte", "https://a.example/old/2024/zte", STORY).reason == "duplicate/url"


def test_state_survives_runs(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first_store = SQLiteStore(path)
    first = keep(Deduplicator(first_store, DedupConfig()), URL, STORY)
    first_store.close()
    second_store = SQLiteStore(path)
    dedup = Deduplicator(second_store, DedupConfig())
    assert dedup.check(URL, URL, STORY).reason == "duplicate/url"
    assert dedup.check("https://b.example/y", "https://b.example/y", COPY).duplicate_of == first.id
    second_store.close()


def test_the_store_stages_record_catches_what_fingerprints_lack(store: StateStore) -> None:
    """A state written before fingerprints existed (or a crash between the line and the commit)."""
    store.add_article(StoredArticle(url_id(URL), URL, content_hash(STORY), URL, "2026-01-01T00:00:00+00:00"))
    dedup = Deduplicator(store, DedupConfig())
    assert dedup.check(URL, URL, STORY).reason == "duplicate/url"
    assert dedup.check("https://b.example/q", "https://b.example/q", STORY).reason == "duplicate/exact"
    changed = dedup.check(URL, URL, STORY + " Update.")
    assert (changed.kind, changed.id, changed.version) == ("version", url_id(URL), 2)


def test_a_state_of_another_scheme_is_refused(store: StateStore) -> None:
    Deduplicator(store, DedupConfig())
    with pytest.raises(SchemeMismatch, match="shingle=3"):
        Deduplicator(store, DedupConfig(minhash=MinHashConfig(shingle_words=3)))
