"""Fingerprints that identify an article: its URL key and its normalised text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")


def url_id(canonical_url: str) -> str:
    """The article's stable id: a hash of its canonical URL (16 hex digits)."""
    return hashlib.blake2b(canonical_url.encode("utf-8"), digest_size=8).hexdigest()


def normalise_text(text: str) -> str:
    """Text with Unicode NFC, case, punctuation and whitespace folded away."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def content_hash(text: str) -> str:
    """A hash of the normalised text: equal for copies that differ only in form (32 hex digits)."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).hexdigest()
