from __future__ import annotations

from crawler.extraction.cruft import strip_cruft
from crawler.extraction.quality import quality_flags

FULL = "Le groupe a annoncé la fermeture de trois sites. " * 40


def test_a_complete_text_has_no_flag() -> None:
    assert quality_flags(FULL, FULL, None) == []


def test_truncated_on_an_ellipsis_or_a_short_text_cut_mid_sentence() -> None:
    assert quality_flags(FULL + "Selon le ministre, la décision…", FULL, None) == ["truncated"]
    assert quality_flags("Le texte s'arrête au milieu d'une phrase sans", "x", None) == ["truncated"]


def test_paywalled_by_declaration_or_by_its_traces() -> None:
    assert quality_flags(FULL, FULL, False) == ["paywalled"]
    assert quality_flags(FULL, FULL + "\nIl vous reste 80 % de cet article à lire.", None) == ["paywalled"]
    assert quality_flags(FULL, FULL + "\nSubscribe to continue reading.", True) == ["paywalled"]


def test_the_paywall_is_searched_in_the_cruft_rules_folded_lines_when_given() -> None:
    raw = "  Un texte.  \n\n  Il vous reste 80 % de cet article à lire.\nRÉSERVÉ AUX ABONNÉS"
    folded = strip_cruft(raw).folded
    assert folded == "un texte.\nil vous reste 80 % de cet article a lire.\nreserve aux abonnes"
    assert quality_flags(FULL, raw, None, folded_raw=folded) == quality_flags(FULL, raw, None) == ["paywalled"]
    assert quality_flags(FULL, raw, None, folded_raw="un texte.") == []  # the folded lines, not the raw text
