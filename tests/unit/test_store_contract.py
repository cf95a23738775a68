"""The StateStore contract, run against every backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.store.base import NewFingerprints, StateStore, StoredArticle
from crawler.store.open import StoreConfig, open_store

A = StoredArticle("id-a", "https://a.org/1", "hash-a", "https://a.org/1?x", "2026-01-01T00:00:00+00:00")


@pytest.fixture(params=["sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    opened = open_store(StoreConfig(backend=request.param, sqlite_path=str(tmp_path / "state.db")))
    yield opened
    opened.close()


def test_empty_store_knows_nothing(store: StateStore) -> None:
    assert store.article_by_url(A.canonical_url) is None
    assert store.article_by_content(A.content_hash) is None
    assert store.count_articles() == 0


def test_added_article_is_found_by_url_and_content(store: StateStore) -> None:
    assert store.add_article(A) is True
    assert store.article_by_url(A.canonical_url) == "id-a"
    assert store.article_by_content(A.content_hash) == "id-a"
    assert store.count_articles() == 1


def test_adding_twice_changes_nothing(store: StateStore) -> None:
    store.add_article(A)
    assert store.add_article(A) is False
    assert store.count_articles() == 1


def test_state_survives_reopening(tmp_path: Path) -> None:
    config = StoreConfig(sqlite_path=str(tmp_path / "deep" / "state.db"))
    first = open_store(config)
    first.add_article(A)
    first.close()
    again = open_store(config)
    assert again.article_by_url(A.canonical_url) == "id-a"
    again.close()


def test_unknown_backend_is_named() -> None:
    with pytest.raises(ValueError, match="'cassandra' is unknown; known backends: sqlite"):
        open_store(StoreConfig(backend="cassandra"))


# --- dedup fingerprints ---------------------------------------------------------------------
def fingerprints(article: int, version: int = 1, urls: tuple[int, ...] = (), bands: tuple[int, ...] = ()) -> NewFingerprints:
    return NewFingerprints(article, version, content=article * 10 + version, signature=bytes([version]) * 32,
                           url_keys=urls, band_keys=bands)


def test_fingerprint_scheme_is_recorded_once(store: StateStore) -> None:
    assert store.fingerprint_scheme("minhash-v1 a") == "minhash-v1 a"
    assert store.fingerprint_scheme("minhash-v1 b") == "minhash-v1 a"


def test_fingerprints_are_found_by_url_and_band(store: StateStore) -> None:
    assert store.doc_by_url([1]) is None and store.docs_by_bands([5]) == [] and store.count_fingerprints() == 0
    store.add_fingerprints([fingerprints(-7, urls=(1, 2), bands=(5, -6)), fingerprints(8, urls=(3,), bands=(-6, 9))])
    first = store.doc_by_url([99, 2])
    assert first is not None and (first.article, first.version, first.content, first.signature) == (-7, 1, -69, b"\x01" * 32)
    assert [d.article for d in store.docs_by_bands([-6, 5, 9])] == [-7, 8]  # distinct, oldest first
    assert [d.article for d in store.docs_by_bands([9])] == [8]
    assert store.docs_by_bands([]) == []
    assert store.count_fingerprints() == 2


def test_a_new_version_takes_over_its_url_keys(store: StateStore) -> None:
    store.add_fingerprints([fingerprints(4, urls=(1, 2), bands=(5,))])
    assert store.latest_doc(4) is None  # one version only
    store.add_fingerprints([fingerprints(4, version=2, urls=(1,), bands=(6,))])
    latest, by_url, by_old_url = store.latest_doc(4), store.doc_by_url([1]), store.doc_by_url([2])
    assert latest is not None and latest.version == 2 and by_url == latest
    assert by_old_url is not None and by_old_url.version == 1
    assert [d.version for d in store.docs_by_bands([5, 6])] == [1, 2]


def test_a_copy_kept_flagged_has_no_bands(store: StateStore) -> None:
    store.add_fingerprints([fingerprints(3, urls=(11,), bands=())])
    assert store.doc_by_url([11]) is not None
    assert store.count_fingerprints() == 1


def test_a_failed_batch_records_nothing(store: StateStore) -> None:
    with pytest.raises(Exception):  # noqa: B017 (the backend's own error type)
        store.add_fingerprints([fingerprints(1, urls=(1,)), fingerprints(2, urls=("not a key",))])  # type: ignore[arg-type]
    assert store.count_fingerprints() == 0 and store.doc_by_url([1]) is None


def test_fingerprints_survive_reopening(tmp_path: Path) -> None:
    config = StoreConfig(sqlite_path=str(tmp_path / "state.db"))
    first = open_store(config)
    first.add_fingerprints([fingerprints(5, urls=(1,), bands=(2,))])
    first.close()
    again = open_store(config)
    assert [d.article for d in again.docs_by_bands([2])] == [5]
    again.close()
