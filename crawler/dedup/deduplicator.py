"""Deciding whether a text is new, a new version, or a copy: `(url, canonical_url, text) -> Verdict`.

In order:
1. URL: a URL key (of the canonical URL, then of the URL fetched) already leads
   to a stored text. Same text as its article's latest version: `duplicate/url`.
   Text of an older version: `duplicate/url` too (a stale copy of the page).
   Text identical to another article: `duplicate/exact`. Otherwise the text at
   that URL changed: a new version of the stored article (same id, version + 1).
2. Exact: a stored text with the same content hash (found through the LSH bands,
   which an identical text shares all of): `duplicate/exact`.
3. Near: a stored text sharing a band whose estimated similarity reaches the
   cutoff (see `crawler.dedup.lsh`): `duplicate/near`, the most similar one.
4. Otherwise a new article.

The original wins (see `crawler.dedup.origin`): a page whose canonical link
points at another site is a copy of that story, under its own URL: when the
story is stored it is `duplicate/canonical`. A new text that copies a stored one
is kept instead of dropped when it is that copy's original (the copy points at
it, or it was published earlier): a new article whose `supersedes` names the
copies it replaces, so an export keeps one row per story.

Nothing reaches the state before `commit`: `claim` keeps a kept text's keys in a
`PendingIndex` (so copies arriving meanwhile are caught) until its line is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from crawler.dedup.fingerprints import content_hash, hex_to_int64, int64_to_hex, url_id
from crawler.dedup.lsh import acceptance_cutoff, similarities
from crawler.dedup.minhash import MinHashConfig, MinHasher, Sketch
from crawler.dedup.origin import PageFacts, is_more_original
from crawler.dedup.pending import PendingIndex, Token
from crawler.dedup.urlkeys import url_key_hash
from crawler.store.base import FingerprintDoc, NewFingerprints, StateStore
from crawler.store.origins import OriginStore

OriginRow = tuple[str, str | None, int | None]  # (article id, published, origin URL key)


class SchemeMismatch(ValueError):
    """The state was built with another fingerprint scheme; its fingerprints cannot be compared."""


@dataclass(frozen=True)
class DedupConfig:
    """How copies are found and what becomes of them; built once from the DEDUP_* settings."""

    near_enabled: bool = True
    threshold: float = 0.8  # Jaccard similarity of the word shingles from which a copy is caught
    keep_copies: bool = False  # exact and near copies stay in the output, flagged with duplicate_of
    minhash: MinHashConfig = field(default_factory=MinHashConfig)


@dataclass(frozen=True)
class Verdict:
    """What dedup decided about one text, and what to record once it is written."""

    kind: str  # "new" | "version" | "url" | "exact" | "near"
    id: str  # the article's id: its own, or the stored article's for a new version
    version: int
    content_hash: str
    keep: bool  # written to the output (new, version, or a copy kept flagged)
    duplicate_of: str | None = None
    similarity: float | None = None  # estimated Jaccard similarity to duplicate_of (1.0 for exact)
    record: NewFingerprints | None = None  # recorded in the state on commit when kept
    supersedes: tuple[str, ...] = ()  # ids of stored copies this original replaces
    origin_row: OriginRow | None = None  # recorded with the fingerprints on commit

    @property
    def reason(self) -> str | None:
        """The drop reason ("duplicate/<url|exact|near|canonical>"), None for a new article or version."""
        return None if self.kind in ("new", "version") else f"duplicate/{self.kind}"

    @property
    def token(self) -> Token:
        return (self.id, self.version)


class Deduplicator:
    """Checks texts against the state and the texts claimed in this run."""

    def __init__(
        self, store: StateStore, config: DedupConfig, hasher: MinHasher | None = None, origins: OriginStore | None = None
    ) -> None:
        scheme = config.minhash.scheme()
        stored = store.fingerprint_scheme(scheme)
        if stored != scheme:
            raise SchemeMismatch(f"the state's fingerprints use '{stored}', the settings ask for '{scheme}': "
                                 "use the settings the state was built with, or a new state file")
        self.store = store
        self.config = config
        self.hasher = hasher or MinHasher(config.minhash)
        self.cutoff = acceptance_cutoff(config.threshold, config.minhash)
        self.pending = PendingIndex()
        self.origins = origins
        self._origin_rows: dict[Token, OriginRow] = {}

    # --- lookups in the state and the pending claims ------------------------------------
    def _doc_by_url(self, keys: Sequence[int]) -> FingerprintDoc | None:
        for key in keys:  # the canonical URL's key wins over the fetched URL's
            found = self.pending.doc_by_url((key,)) or self.store.doc_by_url((key,))
            if found is not None:
                return found
        return None

    def _latest(self, found: FingerprintDoc) -> FingerprintDoc:
        versions = [found, self.store.latest_doc(found.article), self.pending.latest_doc(found.article)]
        return max((v for v in versions if v is not None), key=lambda d: (d.version, d.doc < 0))

    def _candidates(self, sketch: Sketch) -> list[FingerprintDoc]:
        return self.store.docs_by_bands(sketch.band_keys) + self.pending.docs_by_bands(sketch.band_keys)

    def _most_similar(self, sketch: Sketch, candidates: list[FingerprintDoc]) -> tuple[FingerprintDoc, float] | None:
        if not candidates or not self.config.near_enabled:
            return None
        scores = similarities(sketch.signature, [c.signature for c in candidates], self.config.minhash)
        best = int(np.argmax(scores))  # the first (oldest stored) of equally similar candidates
        return (candidates[best], float(scores[best])) if scores[best] >= self.cutoff else None

    # --- the decision ------------------------------------------------------------------
    def check(self, url: str, canonical_url: str, text: str, facts: PageFacts | None = None) -> Verdict:
        """The verdict on one text; nothing is recorded (see `claim` and `commit`).

        `facts.digest` is the content hash that tells an unchanged page (the text as extracted, before
        its host's learned template was removed); by default the hash of `text`.
        """
        facts = facts or PageFacts()
        verdict = self._check(url, canonical_url, text, facts)
        if not verdict.keep or verdict.kind != "new":
            return verdict
        origin_key = url_key_hash(facts.origin) if facts.origin else None
        return replace(verdict, origin_row=(verdict.id, facts.published, origin_key),
                       supersedes=tuple(dict.fromkeys(verdict.supersedes + self._declared_copies(canonical_url, facts))))

    def _declared_copies(self, url: str, facts: PageFacts) -> tuple[str, ...]:
        """Stored copies whose canonical link points at this URL (none when the page is itself a copy)."""
        if self.origins is None or facts.origin is not None:
            return ()
        return tuple(self.origins.copies_of(url_key_hash(url)))

    def _original_of(self, url: str, facts: PageFacts, copy: int) -> bool:
        """Whether the page at `url` is the original of the stored article `copy`."""
        return self.origins is not None and is_more_original(url, facts, self.origins.get(int64_to_hex(copy)))

    def _check(self, url: str, canonical_url: str, text: str, facts: PageFacts) -> Verdict:
        digest = facts.digest or content_hash(text)
        content = hex_to_int64(digest)
        if facts.origin is not None:  # a copy of another site's story: its identity is its own URL
            canonical_url = url
            story = self._doc_by_url((url_key_hash(facts.origin),))
            if story is not None:
                sketch = self.hasher.sketch(text)
                return self._copy("canonical", url_id(url), digest, (url_key_hash(url),), sketch, story.article, 1.0)
        keys = tuple(dict.fromkeys(url_key_hash(u) for u in (canonical_url, url) if u))
        own = url_id(canonical_url)
        found = self._doc_by_url(keys)
        if found is not None:
            latest = self._latest(found)
            if latest.content == content:
                stored_id = int64_to_hex(found.article)
                return Verdict("url", stored_id, latest.version, digest, False, stored_id, 1.0)
            return self._changed(found.article, latest.version, digest, keys, text)
        # The store stage's own record: a state written before fingerprints, or a crash between line and commit.
        recorded = self.store.article_by_url(canonical_url)
        recorded_text = self.store.article_by_content(digest)
        if recorded is not None and recorded_text == recorded:
            return Verdict("url", recorded, 1, digest, False, recorded, 1.0)
        if recorded is not None:
            return self._changed(hex_to_int64(recorded), 1, digest, keys, text)
        sketch = self.hasher.sketch(text)
        candidates = self._candidates(sketch)
        record = NewFingerprints(hex_to_int64(own), 1, content, sketch.signature, keys, sketch.band_keys)
        same = next((c for c in candidates if c.content == content), None)
        copied = (same.article, 1.0) if same is not None else None
        if copied is None and recorded_text is not None:
            copied = (hex_to_int64(recorded_text), 1.0)
        kind = "exact"
        if copied is None and (near := self._most_similar(sketch, candidates)) is not None:
            copied, kind = (near[0].article, near[1]), "near"
        if copied is not None and self._original_of(canonical_url, facts, copied[0]):
            return Verdict("new", own, 1, digest, True, record=record, supersedes=(int64_to_hex(copied[0]),))
        if copied is not None:
            return self._copy(kind, own, digest, keys, sketch, copied[0], copied[1])
        return Verdict("new", own, 1, digest, True, record=record)

    def _changed(self, article: int, latest: int, digest: str, keys: tuple[int, ...], text: str) -> Verdict:
        """The text at a known URL is not its latest version's: a stale version, another article's, or new."""
        sketch = self.hasher.sketch(text)
        content = hex_to_int64(digest)
        stored_id = int64_to_hex(article)
        same = next((c for c in self._candidates(sketch) if c.content == content), None)
        if same is not None and same.article == article:
            return Verdict("url", stored_id, same.version, digest, False, stored_id, 1.0)
        if same is not None:
            return self._copy("exact", stored_id, digest, keys, sketch, same.article, 1.0)
        record = NewFingerprints(article, latest + 1, content, sketch.signature, keys, sketch.band_keys)
        return Verdict("version", stored_id, latest + 1, digest, True, record=record)

    def _copy(
        self, kind: str, own: str, digest: str, keys: tuple[int, ...], sketch: Sketch, original: int, similarity: float
    ) -> Verdict:
        """A copy: dropped, or kept flagged (its URL recorded, its bands not: it is nobody's original)."""
        keep = self.config.keep_copies
        record = NewFingerprints(hex_to_int64(own), 1, hex_to_int64(digest), sketch.signature, keys, ()) if keep else None
        return Verdict(kind, own, 1, digest, keep, int64_to_hex(original), round(similarity, 3), record)

    # --- recording -----------------------------------------------------------------------
    def claim(self, verdict: Verdict) -> None:
        """Hold a kept text's keys until `commit` (or `release`)."""
        if verdict.keep and verdict.record is not None:
            self.pending.add(verdict.token, verdict.record)
        if verdict.keep and verdict.origin_row is not None:
            self._origin_rows[verdict.token] = verdict.origin_row

    def add_aliases(self, token: Token, urls: Sequence[str]) -> None:
        """More URLs that lead to a claimed text (permanent redirects to it)."""
        self.pending.extend_urls(token, [url_key_hash(u) for u in urls])

    def commit(self, tokens: Sequence[Token]) -> None:
        """Record the claimed texts in the state (one transaction): their lines are written."""
        records = [r for r in (self.pending.pop(t) for t in tokens) if r is not None]
        if records:
            self.store.add_fingerprints(records)
        rows = [r for r in (self._origin_rows.pop(t, None) for t in tokens) if r is not None]
        if rows and self.origins is not None:
            self.origins.add(rows)

    def release(self, token: Token) -> None:
        """Forget a claim whose text was not written after all."""
        self.pending.pop(token)
        self._origin_rows.pop(token, None)
