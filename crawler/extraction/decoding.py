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
_HTML_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2})", re.I)
# At most this share of non-ASCII bytes may be broken for a page to be read as UTF-8.
_UTF8_GLITCH_SHARE = 0.02
_LEGACY_BY_LANGUAGE = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), ("cp1250", "iso8859-2")),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be", "kk"), ("cp1251", "koi8-r")),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859-13")),
    "el": ("cp1253", "iso8859-7"),
    "tr": ("cp1254", "iso8859-9"),
    "he": ("cp1255", "iso8859-8"),
    "ar": ("cp1256",),
    "fa": ("cp1256",),
    "vi": ("cp1258",),
}
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


def _preferred(body: bytes) -> tuple[str, ...]:
    """The legacy codecs to prefer for the page's declared language (windows-1252 by default)."""
    match = _HTML_LANG.search(body[:_META_SCAN_BYTES])
    lang = match.group(1).decode("ascii").lower() if match else ""
    return _LEGACY_BY_LANGUAGE.get(lang, ("cp1252", "iso8859-15"))


def _detect(body: bytes) -> str | None:
    """The detected codec; among equally clean candidates, the one the page's language suggests.

    Single-byte encodings are often tied (cp1250 and cp1252 read French equally
    "cleanly"); windows-1252 is by far the web's most common legacy encoding, and
    the one browsers assume for Western pages.
    """
    matches = list(from_bytes(body[:_DETECT_BYTES]))
    if not matches:
        return None
    cleanest = min(m.chaos for m in matches)
    close = [_codec(m.encoding) for m in matches if m.chaos <= cleanest + _CHAOS_TIE]
    return next((codec for codec in _preferred(body) if codec in close), close[0])


def _mostly_utf8(body: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a glitch in a UTF-8 page), else None.

    A page in a legacy encoding fails on nearly every non-ASCII byte; a UTF-8 page
    with one truncated character or a stray Latin-1 byte fails on very few.
    """
    non_ascii = sum(1 for byte in body if byte > 0x7F)
    text = body.decode("utf-8", "replace")
    return text if non_ascii and text.count("\ufffd") <= _UTF8_GLITCH_SHARE * non_ascii else None


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
    glitched = _mostly_utf8(body)
    if glitched is not None:
        return Decoded(glitched, "utf-8", "utf-8 with broken bytes")
    guess = _detect(body)
    detected = _strict(body, guess)
    if detected is not None and guess is not None:
        return Decoded(detected, guess, "detected")
    return Decoded(body.decode("cp1252", "replace"), "cp1252", "fallback")
