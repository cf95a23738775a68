"""Show the story's collapsed panels before trafilatura reads the tree: `tree -> count`.

An accordion or a "show more" box hides part of the story until the reader
opens it: the panel is written in the page, hidden by an inline
`style="display: none"`, a `hidden` attribute or `aria-hidden="true"`, and a
toggle names it (ARIA's disclosure pattern: a button's `aria-controls` holds the
panel's id; or the panel is a `role="region"` labelled by its header through
`aria-labelledby`). trafilatura drops every hidden element, so a guide written
as questions with their answers folded comes out as the questions alone. Such a
panel is shown (its hiding markup removed) when it reads as text: ten words or
more, under half of them in links; a folded menu of links stays hidden, and a
dialog (`role="dialog"`) is no panel of the story. Other hidden elements (an
unnamed `display: none` box, a template, a tracking pixel) stay hidden.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

# The fewest words of a panel shown, and the most of its characters in links.
MIN_PANEL_WORDS = 10
MAX_PANEL_LINK_SHARE = 0.5
_DISPLAY_NONE = re.compile(r"display\s*:\s*none\s*(?:!important)?\s*;?", re.I)
_CONTROLS = etree.XPath("//@aria-controls", smart_strings=False)
_LABELLED_REGIONS = etree.XPath('//*[@role="region" and @aria-labelledby]')
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})


def _hidden(element: Any) -> bool:
    return (
        bool(_DISPLAY_NONE.search(element.get("style") or ""))
        or element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
    )


def _reads_as_text(element: Any) -> bool:
    text = element.text_content()
    if len(text.split()) < MIN_PANEL_WORDS:
        return False
    linked = sum(len(link.text_content()) for link in element.iter("a"))
    return linked < MAX_PANEL_LINK_SHARE * len(text)


def _panels(tree: Any) -> list[Any]:
    """The elements a toggle names: ids in `aria-controls`, and regions labelled by a header, in document order."""
    ids = {name for value in _CONTROLS(tree) for name in value.split()}
    found: dict[Any, None] = {}
    if ids:
        for element in tree.iter():
            if isinstance(element.tag, str) and element.get("id") in ids:
                found[element] = None
    for element in _LABELLED_REGIONS(tree):
        found[element] = None
    return list(found)


def show_collapsed_panels(tree: Any) -> int:
    """Remove, in place, the hiding markup of the story's collapsed panels; returns how many were shown."""
    shown = 0
    for panel in _panels(tree):
        if panel.get("role") in _DIALOG_ROLES or panel.tag == "dialog" or not _hidden(panel):
            continue
        if not _reads_as_text(panel):
            continue
        style = panel.get("style")
        if style is not None:
            panel.set("style", _DISPLAY_NONE.sub("", style).strip())
        panel.attrib.pop("hidden", None)
        if panel.get("aria-hidden") == "true":
            del panel.attrib["aria-hidden"]
        shown += 1
    return shown
