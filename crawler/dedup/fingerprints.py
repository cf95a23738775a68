"""Fingerprints that identify an article: its URL key, its normalised text, and their compact integer forms."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
_INT64 = 1 << 64


def url_id(canonical_url: str) -> str:
    """The article's stable id: a hash of its canonical URL (16 hex digits)."""
    return hashlib.blake2b(canonical_url.encode("utf-8"), digest_size=8).hexdigest()


def text_words(text: str) -> list[str]:
    """The words of a text after Unicode NFC and case folding; punctuation and whitespace only separate them."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def normalise_text(text: str) -> str:
    """Text with Unicode NFC, case, punctuation and whitespace folded away."""
    return " ".join(text_words(text))


def content_hash(text: str) -> str:
    """A hash of the normalised text: equal for copies that differ only in form (32 hex digits)."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).hexdigest()


def hex_to_int64(digest: str) -> int:
    """The first 16 hex digits of an id or hash as a signed 64-bit integer (SQLite's INTEGER)."""
    value = int(digest[:16], 16)
    return value - _INT64 if value >= 1 << 63 else value


def int64_to_hex(value: int) -> str:
    """Back from `hex_to_int64` to 16 hex digits: an article id."""
    return format(value % _INT64, "016x")
