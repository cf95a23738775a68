"""MinHash sketches of a text's word shingles: `str -> Sketch` (LSH band keys and a b-bit signature).

Words come from `normalise_text` (NFC, case, punctuation and whitespace
folded). A shingle is `shingle_words` consecutive words; each is hashed to 64
bits (two checksums per distinct word, mixed by MurmurHash3's finaliser;
n-grams are combined from their words' hashes, vectorised). Every
permutation is `(a * x + b) mod 2**64`, top 32 bits, with `a` odd and `a, b`
drawn from `seed`: numpy computes all of them at once, in blocks of shingles.

The first `bands * rows` minimum values make the LSH band keys (one signed
32-bit hash per band, its index mixed in); the remaining `signature_perms`
values keep only their low `signature_bits` bits, packed, as the signature that
verifies a candidate (b-bit MinHash, Li and König 2010).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np

from crawler.dedup.fingerprints import text_words

_U64 = np.uint64
_BLOCK = 2048  # shingles per block: bounds the (shingles x permutations) matrix to a few MB
_NGRAM_MUL = _U64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class MinHashConfig:
    """The near-duplicate fingerprint scheme. The state records it: another scheme needs another state."""

    shingle_words: int = 1
    bands: int = 12
    rows: int = 5
    signature_perms: int = 256
    signature_bits: int = 1
    seed: int = 1

    def __post_init__(self) -> None:
        if self.shingle_words < 1 or self.bands < 1 or self.rows < 1 or self.signature_perms < 8:
            raise ValueError(f"invalid MinHash scheme: {self}")
        if self.signature_bits not in (1, 2, 4, 8) or (self.signature_perms * self.signature_bits) % 8:
            raise ValueError("signature_bits must be 1, 2, 4 or 8, and signature_perms * signature_bits a multiple of 8")

    @property
    def num_perm(self) -> int:
        """Permutations computed per text: the bands' rows, then the signature's."""
        return self.bands * self.rows + self.signature_perms

    @property
    def signature_bytes(self) -> int:
        return self.signature_perms * self.signature_bits // 8

    def scheme(self) -> str:
        """A stable description, stored in the state and compared when the state is opened again."""
        return (
            f"minhash-v1 shingle={self.shingle_words} bands={self.bands} rows={self.rows}"
            f" sigperm={self.signature_perms} sigbits={self.signature_bits} seed={self.seed}"
        )


@dataclass(frozen=True)
class Sketch:
    """What the state keeps of a text for near-duplicate search."""

    band_keys: tuple[int, ...]  # one signed 32-bit key per band
    signature: bytes  # signature_perms values of signature_bits bits each


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, vectorised (wrapping uint64 arithmetic)."""
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> _U64(33))
    x = x * _U64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> _U64(33))


def _word_hash(word: str) -> int:
    """64 bits from two cheap checksums (mixed later by `_fmix64`): 4x faster than blake2b per word."""
    data = word.encode("utf-8")
    return zlib.crc32(data) | zlib.adler32(data) << 32


class MinHasher:
    """Computes sketches under one scheme; holds the permutation parameters drawn from its seed."""

    def __init__(self, config: MinHashConfig) -> None:
        self.config = config
        rng = np.random.default_rng(config.seed)
        self._mul = rng.integers(0, 2**64, size=config.num_perm, dtype=_U64, endpoint=False) | _U64(1)
        self._add = rng.integers(0, 2**64, size=config.num_perm, dtype=_U64, endpoint=False)
        self._mask = np.uint32((1 << config.signature_bits) - 1)
        self._shifts = np.arange(config.signature_bits, dtype=np.uint8)

    def shingles(self, text: str) -> np.ndarray:
        """The distinct shingle hashes of a text (uint64); a text shorter than a shingle is one shingle."""
        words = text_words(text)
        if not words:
            return np.zeros(1, dtype=_U64)
        k = min(self.config.shingle_words, len(words))
        if k == 1:
            return _fmix64(np.fromiter((_word_hash(w) for w in set(words)), dtype=_U64))
        distinct = {w: _word_hash(w) for w in set(words)}
        hashes = _fmix64(np.fromiter((distinct[w] for w in words), dtype=_U64, count=len(words)))
        grams = hashes[: len(words) - k + 1].copy()
        for offset in range(1, k):
            grams = grams * _NGRAM_MUL + hashes[offset : len(words) - k + 1 + offset]
        return np.unique(_fmix64(grams))

    def minhashes(self, text: str) -> np.ndarray:
        """The `num_perm` minimum hash values (uint32) of the text's shingles."""
        shingles = self.shingles(text)
        low = np.full(self.config.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        for start in range(0, len(shingles), _BLOCK):
            block = shingles[start : start + _BLOCK, None]
            values = (block * self._mul + self._add) >> _U64(32)
            np.minimum(low, values.min(axis=0).astype(np.uint32), out=low)
        return low

    def band_keys(self, values: np.ndarray) -> tuple[int, ...]:
        """One signed 32-bit key per band, from the band's `rows` values and its index."""
        rows = self.config.rows
        keys = []
        for band in range(self.config.bands):
            chunk = values[band * rows : (band + 1) * rows].astype("<u4").tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=4).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return tuple(keys)

    def pack_signature(self, values: np.ndarray) -> bytes:
        """The low `signature_bits` bits of the signature's values, packed."""
        tail = values[self.config.bands * self.config.rows :] & self._mask
        bits = (tail[:, None] >> self._shifts) & np.uint32(1)
        return np.packbits(bits.astype(np.uint8).ravel()).tobytes()

    def sketch(self, text: str) -> Sketch:
        values = self.minhashes(text)
        return Sketch(self.band_keys(values), self.pack_signature(values))
