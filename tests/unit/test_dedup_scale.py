"""The state's fingerprint tables at a small scale (20,000 documents): the bench's code path, no timing."""

from __future__ import annotations

import random
from pathlib import Path

from crawler.store.base import NewFingerprints
from crawler.store.sqlite import SQLiteStore

DOCS, BATCH, BANDS = 20_000, 5_000, 12


def synthetic(rng: random.Random, n: int) -> list[NewFingerprints]:
    return [
        NewFingerprints(rng.getrandbits(63), 1, rng.getrandbits(63), rng.randbytes(32), (rng.getrandbits(62),),
                        tuple(rng.getrandbits(32) - 2**31 for _ in range(BANDS)))
        for _ in range(n)
    ]  # fmt: skip


def test_twenty_thousand_documents_are_found_again(tmp_path: Path) -> None:
    rng = random.Random(1)
    store = SQLiteStore(tmp_path / "state.db")
    stored: list[NewFingerprints] = []
    for _ in range(DOCS // BATCH):
        batch = synthetic(rng, BATCH)
        store.add_fingerprints(batch)
        stored += batch
    assert store.count_fingerprints() == DOCS
    for fp in rng.sample(stored, 200):
        by_url = store.doc_by_url(fp.url_keys)
        assert by_url is not None and (by_url.article, by_url.signature) == (fp.article, fp.signature)
        one_band = [fp.band_keys[rng.randrange(BANDS)]]
        assert fp.article in [d.article for d in store.docs_by_bands(one_band)]
    misses = synthetic(rng, 200)
    assert all(store.doc_by_url(m.url_keys) is None for m in misses)
    assert sum(len(store.docs_by_bands(m.band_keys)) for m in misses) <= 2  # 32-bit band keys: chance collisions are rare
    store.close()
    assert (tmp_path / "state.db").stat().st_size / DOCS < 300
