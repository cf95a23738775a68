"""Turn a page's raw bytes into text, trusting each declared charset only if it decodes.

Order: byte-order mark, HTTP header charset, `<meta>` charset, then statistical
detection (charset-normalizer). A declared charset that fails a strict decode
is skipped, so a Latin-1 page served as UTF-8 comes out with its accents.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I
)
_META_SCAN_BYTES = 4096
_DETECT_BYTES = 262144
# Candidates whose chaos (mess ratio) differs by less than this are tied.
_CHAOS_TIE = 0.01


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how its encoding was chosen (bom, header, meta, detected, fallback)."""

    text: str
    encoding: str
    how: str


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Browsers read "iso-8859-1" and "ascii" as windows-1252 (WHATWG Encoding).
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _strict(body: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>` or http-equiv)."""
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _detect(body: bytes) -> str | None:
    """The detected codec; windows-1252 wins among equally clean candidates.

    Single-byte encodings are often tied (cp1250 and cp1252 read French equally
    "cleanly"); windows-1252 is by far the web's most common legacy encoding, and
    the one browsers assume for Western pages.
    """
    matches = list(from_bytes(body[:_DETECT_BYTES]))
    if not matches:
        return None
    cleanest = min(m.chaos for m in matches)
    close = [_codec(m.encoding) for m in matches if m.chaos <= cleanest + _CHAOS_TIE]
    return "cp1252" if "cp1252" in close else close[0]


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes; never raises, the last resort is cp1252 with replacement."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom):].decode(codec, "replace"), codec, "bom")
    for how, declared in (("header", header_charset(content_type)), ("meta", meta_charset(body))):
        text = _strict(body, _codec(declared))
        if text is not None:
            return Decoded(text, _codec(declared) or "", how)
    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "detected")
    guess = _detect(body)
    detected = _strict(body, guess)
    if detected is not None and guess is not None:
        return Decoded(detected, guess, "detected")
    return Decoded(body.decode("cp1252", "replace"), "cp1252", "fallback")
