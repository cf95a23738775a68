"""The StateStore contract, run against every backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.store.base import StateStore, StoredArticle
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
