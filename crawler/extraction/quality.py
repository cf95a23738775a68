"""Warnings about an extracted text: was it cut short, or hidden behind a paywall?"""

from __future__ import annotations

import re

from crawler.relevance.textfold import fold

# Phrases a paywall leaves in a page's text (folded form: lower case, no accents).
_PAYWALL = re.compile(
    r"il vous reste \d+ ?% de (cet|l') ?article|reserve aux abonnes|article reserve|abonnez-vous pour lire"
    r"|subscribe to (continue|keep) reading|this (article|content) is (for|available to) subscribers"
    r"|to (read|view) the full (story|article)|already a subscriber|subscribers only"
    r"|exklusiv fur abonnenten|weiterlesen mit|jetzt abonnieren und weiterlesen"
    r"|contenido exclusivo para suscriptores|solo para suscriptores"
)
_ENDS_A_SENTENCE = tuple('.!?»"”’)\']:;…')
# A text shorter than this many words that stops mid-sentence is flagged truncated.
_SHORT_WORDS = 150


def quality_flags(
    text: str, raw_text: str, accessible_for_free: bool | None, cut_short: bool = False, folded_raw: str | None = None
) -> list[str]:
    """`truncated` when the page or the text stops short or on an ellipsis; `paywalled` on a paywall's traces.

    `folded_raw`: the raw text's lines folded, where already made (`CruftResult.folded`). A trace holds no line
    break and neither starts nor ends with a space, and folding works within a line: searched in the folded lines
    or in the folded text, it is found alike.
    """
    flags = []
    last = text.rstrip()
    if cut_short or last.endswith(("...", "…", "[…]", "(...)")) or (
        last and not last.endswith(_ENDS_A_SENTENCE) and len(text.split()) < _SHORT_WORDS
    ):
        flags.append("truncated")
    if accessible_for_free is False or _PAYWALL.search(fold(raw_text) if folded_raw is None else folded_raw):
        flags.append("paywalled")
    return flags
