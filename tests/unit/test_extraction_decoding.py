from __future__ import annotations

import codecs

from crawler.extraction.decoding import decode_html, header_charset, meta_charset

TEXT = "<html><body><p>La préfète a signé le décret à Pékin.</p></body></html>"


def test_latin1_served_as_utf8_keeps_its_accents() -> None:
    body = TEXT.replace("<html>", '<html><head><meta charset="utf-8"></head>').encode("latin-1")
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert "préfète" in decoded.text and "\ufffd" not in decoded.text
    assert decoded.how == "detected"


def test_header_charset_is_trusted_when_it_decodes() -> None:
    decoded = decode_html(TEXT.encode("cp1252"), "text/html; charset=windows-1252")
    assert decoded.how == "header" and "préfète" in decoded.text


def test_meta_charset_when_no_header() -> None:
    body = ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' + TEXT).encode("latin-1")
    decoded = decode_html(body, "text/html")
    assert decoded.how == "meta" and "Pékin" in decoded.text


def test_bom_wins() -> None:
    decoded = decode_html(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=latin-1")
    assert decoded.how == "bom" and decoded.text.startswith("<html>")


def test_unknown_declared_charset_is_skipped() -> None:
    assert "préfète" in decode_html(TEXT.encode("utf-8"), "text/html; charset=bogus-9").text


def test_charset_readers() -> None:
    assert header_charset('text/html; charset="UTF-8"') == "UTF-8"
    assert header_charset(None) is None
    assert meta_charset(b"<meta charset='koi8-r'>") == "koi8-r"


def test_latin1_french_is_not_read_as_central_european() -> None:
    text = "<html lang=fr><p>La préfète a suspendu le contrat après l'alerte, à la frontière. Hélène.</p></html>"
    decoded = decode_html(text.encode("latin-1"), "text/html; charset=utf-8")
    assert decoded.encoding == "cp1252" and "préfète" in decoded.text and "après" in decoded.text


def test_a_utf8_page_with_one_broken_byte_stays_utf8() -> None:
    text = "<html lang=pl><p>" + "Nie możemy pozwolić na nękania fundacji. " * 20 + "</p></html>"
    body = text.encode("utf-8").replace(b"</p>", b"papieros\xc3</p>")
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8" and "pozwolić" in decoded.text and decoded.text.count("\ufffd") == 1


def test_the_page_language_breaks_ties_between_legacy_encodings() -> None:
    text = "<html lang=pl><p>" + "Zażółć gęślą jaźń, mówią świadkowie w Łodzi. " * 10 + "</p></html>"
    decoded = decode_html(text.encode("cp1250"), None)
    assert decoded.encoding == "cp1250" and "Zażółć gęślą jaźń" in decoded.text
