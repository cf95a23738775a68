"""Bodies that are not a web page's text: binary files by their magic bytes, garbled decodes, cut-off HTML.

A PDF or an image served as text/html and listed as an article would be
"extracted" into words of replacement characters; it is refused before any
parse. A body is also judged by what decoding made of it (mostly U+FFFD:
junk), and by its end (no closing </body> nor </html>: cut short).
"""

from __future__ import annotations

import re

# Magic bytes at the very start of a file (after leading whitespace), and the kind they name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"PK\x03\x04", "zip"),  # also docx, xlsx, pptx, odt, epub, jar
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"(\xb5/\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"),  # doc, xls, ppt (OLE2)
    (b"{\\rtf", "rtf"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"fLaC", "flac"),
    (b"\x1aE\xdf\xa3", "webm"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
    (b"\x00asm", "wasm"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"SQLite format 3\x00", "sqlite"),
)
# RIFF containers and ISO media files name their kind a few bytes in.
_RIFF = {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}
_FTYP = re.compile(rb"^....ftyp(avif|heic|heix|mif1)?", re.DOTALL)
# A PDF may have a few bytes of junk before its header; readers look within the first 1024 bytes.
_PDF_WINDOW = 1024
# Control bytes (other than tab, newlines, form feed, escape) are not in text; more than this share of the head is binary.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HEAD_BYTES = 4096
_MAX_CONTROL_SHARE = 0.05
# The end of the body searched for the closing tags of an HTML document.
_TAIL_BYTES = 4096
_CLOSED = re.compile(rb"</\s*(?:body|html)\s*>|</\s*(?:body|html)\s*$", re.IGNORECASE)


def binary_kind(body: bytes) -> str | None:
    """The kind of binary file the body is ("pdf", "png", "zip"...), or None for what may be text."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte order mark: text, with NULs
        return None
    head = body[:_HEAD_BYTES].lstrip()
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    found = _FTYP.match(head)
    if found:
        return "image" if found.group(1) else "video"
    if b"%PDF-" in body[:_PDF_WINDOW]:
        return "pdf"
    if head and len(_CONTROL.findall(head)) > _MAX_CONTROL_SHARE * len(head):
        return "binary"
    return None


def replacement_share(text: str) -> float:
    """Share of U+FFFD (what a decoder puts for bytes it cannot read) among the text's non-space characters."""
    bad = text.count("\ufffd")
    if not bad:
        return 0.0
    visible = len(text) - sum(1 for c in text if c.isspace())
    return bad / max(visible, 1)


def ends_cut_short(body: bytes) -> bool:
    """True when an HTML body stops mid-text or mid-tag with no </body> nor </html> near its end.

    Pages that leave out the optional closing tags end on a tag (`</script>`,
    `</footer>`, a comment): measured on 2,668 real pages, none of them is taken
    for cut short (scripts/measure_page_sizes.py).
    """
    tail = body[-_TAIL_BYTES:]
    return not _CLOSED.search(tail) and not tail.rstrip().endswith(b">")
