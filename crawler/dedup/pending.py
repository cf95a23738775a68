"""Texts claimed in this run but not yet durably written: found like stored ones, handed to the state on commit.

An article passes the dedup stage before the store stage writes its line; until
then its keys live here, so a copy arriving in between is still caught, and a
crash in between leaves nothing in the state that articles.jsonl lacks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from crawler.store.base import FingerprintDoc, NewFingerprints

Token = tuple[str, int]  # (article id, version): one claim


class PendingIndex:
    """An in-memory index of claimed texts, with the state's lookups (pending docs have negative numbers)."""

    def __init__(self) -> None:
        self._claims: dict[Token, tuple[int, NewFingerprints]] = {}
        self._by_url: dict[int, Token] = {}
        self._by_band: defaultdict[int, list[Token]] = defaultdict(list)
        self._next_doc = -1

    def __len__(self) -> int:
        return len(self._claims)

    def add(self, token: Token, record: NewFingerprints) -> None:
        self._claims[token] = (self._next_doc, record)
        self._next_doc -= 1
        for key in record.url_keys:
            self._by_url[key] = token
        for key in record.band_keys:
            self._by_band[key].append(token)

    def get(self, token: Token) -> NewFingerprints | None:
        claim = self._claims.get(token)
        return claim[1] if claim else None

    def pop(self, token: Token) -> NewFingerprints | None:
        claim = self._claims.pop(token, None)
        if claim is None:
            return None
        record = claim[1]
        for key in record.url_keys:
            if self._by_url.get(key) == token:
                del self._by_url[key]
        for key in record.band_keys:
            tokens = self._by_band[key]
            tokens.remove(token)
            if not tokens:
                del self._by_band[key]
        return record

    def extend_urls(self, token: Token, url_keys: Sequence[int]) -> None:
        """More URL keys for a claim (e.g. the redirects that led to it)."""
        claim = self._claims.get(token)
        if claim is None:
            return
        doc, record = claim
        extra = tuple(k for k in url_keys if k not in record.url_keys)
        self._claims[token] = (doc, replace(record, url_keys=record.url_keys + extra))
        for key in extra:
            self._by_url[key] = token

    def _doc(self, token: Token) -> FingerprintDoc:
        doc, r = self._claims[token]
        return FingerprintDoc(doc, r.article, r.version, r.content, r.signature)

    def doc_by_url(self, url_keys: Sequence[int]) -> FingerprintDoc | None:
        for key in url_keys:
            if (token := self._by_url.get(key)) is not None:
                return self._doc(token)
        return None

    def docs_by_bands(self, band_keys: Sequence[int]) -> list[FingerprintDoc]:
        tokens = dict.fromkeys(t for key in band_keys for t in self._by_band.get(key, ()))
        return sorted((self._doc(t) for t in tokens), key=lambda d: -d.doc)

    def latest_doc(self, article: int) -> FingerprintDoc | None:
        versions = [self._doc(t) for t, (_, r) in self._claims.items() if r.article == article]
        return max(versions, key=lambda d: d.version) if versions else None
