"""Lines of the main text that come from small boxes of the page's chrome: `tree -> ChromeBoxes`, then `text -> text`.

Themes and CMSs name their boxes for what they are: `wp-caption-text`,
`photo-credit`, `share-buttons`, `sharedaddy`, `popup`, `byline`; a link
wrapped around a paragraph or a heading is a card leading to another story; and
a dialog (`role="dialog"`, `<dialog>`) is a window over the page, chrome
whatever its length. Such a box set
inside the story's container reaches trafilatura's output as a paragraph of the
story (a caption under the lead photo, a pop-up's text, a share bar's labels).
A box is chrome when its class or id holds one of these role words as a word of
its own (`wp-caption-text`, not `captionless`), or it is an `<aside>` or a
`<figcaption>`, and it is short: a long one (a wrapper called `social-page`)
stays. Boxes are read from the page before trafilatura, and a line of its output
goes only when its text is found on the page inside such boxes and nowhere else
(a lead repeated as a caption stays). The tree itself is left alone: removing
boxes from it changes which container trafilatura takes for the story.

Where trafilatura ran a box's text into a longer line (its last resort writes a
whole page region as one paragraph: "Posted by ... Share on: ... Like: Loading..."),
the box's text is cut out of the line, on the same condition; spaces are not
compared, since the line and the box join their inline parts differently. Only
a box of two words or more set as a block, and no caption, is cut so: a box
inside a paragraph (an author's name in a sentence) is part of that sentence,
and a caption run into the story's text is often a sentence of the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

# Role words of chrome boxes, as the words of a class or id (separated by -, _ or a space).
_ROLE = re.compile(
    r"(?:^|[-_ ])(?:caption|captions|figcaption|credit|credits|dida|didascalia|bildunterschrift|"  # captions, credits
    r"share|sharing|sharedaddy|social|"  # share bars
    r"popup|modal|pum|"  # pop-ups
    r"byline|author)(?:$|[-_ ])",  # bylines and author lines
    re.I,
)
_TAGS = {"aside", "figcaption"}
# A link wrapped around a paragraph or a heading is a card leading to another page (a teaser), never the story's
# own text: a story's paragraphs are not links. The cards are the links above these.
_CARD_INNER = ("p", "h1", "h2", "h3", "h4", "h5", "h6")
# A dialog (ARIA's window over the page: a pop-up, a newsletter or cookie prompt) is chrome however long: a
# <dialog>, or an element with one of these values of role or aria-modal.
_DIALOG_ROLES = frozenset({"dialog", "alertdialog", "true"})
_ROLE_DIALOGS = etree.XPath('//*[@role="dialog" or @role="alertdialog" or @aria-modal="true"]')
# Where the lines found only in cards are this share of the main text's words or more, the page is a listing
# of cards (a section page, a shop's category), and the cards are its content.
MAX_CARD_SHARE = 0.5
# A box with more words than this is no chrome box, whatever its name.
MAX_BOX_WORDS = 80
# The fewest words of a box whose text is cut out of a longer line.
MIN_CUT_WORDS = 2
# A box inside one of these is part of a running text, never cut out of a line.
_RUNNING_TEXT = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "strong", "em", "b", "i"}
_CAPTION = re.compile(r"(?:^|[-_ ])(?:caption|captions|figcaption|dida|didascalia|bildunterschrift)(?:$|[-_ ])", re.I)
# Every class, id, role and aria-modal value of the page, read as strings (no element object made).
_NAMES = etree.XPath(
    "descendant-or-self::*/@class | descendant-or-self::*/@id | descendant-or-self::*/@role"
    " | descendant-or-self::*/@aria-modal",
    smart_strings=False,
)


def read_names(tree: Any) -> frozenset[str]:
    """The distinct values of the page's class, id, role and aria-modal attributes, in one XPath walk: what tells
    this room and the asides (asides.py) whether a page has any element they look for, before walking its elements.
    Read before the tree changes."""
    return frozenset(_NAMES(tree))


def _compact(text: str) -> str:
    """The text without any whitespace: `re.sub(r"\\s+", "", text)` (the same characters), about 4 times faster."""
    return "".join(text.split())


def squash(text: str) -> str:
    """The text with every run of whitespace one space, and none at its ends: how box texts and lines are compared."""
    return " ".join(text.split())


@dataclass(frozen=True)
class ChromeBoxes:
    """The texts of a page's short chrome boxes (outermost ones), and the page's whole text, both squashed."""

    texts: tuple[str, ...]
    page: str
    blocks: tuple[str, ...] = ()  # the texts of the boxes set as blocks (not inside a paragraph), squashed
    cards: tuple[str, ...] = ()  # the texts of the boxes that are cards (also in `texts`, never in `blocks`)

    def without_cards(self) -> ChromeBoxes:
        """The same boxes but the cards."""
        texts = list(self.texts)
        for card in self.cards:
            texts.remove(card)
        return ChromeBoxes(tuple(texts), self.page, self.blocks)

    def holds_only(self, line: str) -> bool:
        """Whether every occurrence of the line's text on the page is inside a chrome box."""
        inside = sum(box.count(line) for box in self.texts if line in box)
        return inside > 0 and self.page.count(line) <= inside

    def cuttable(self) -> list[str]:
        """The block boxes' texts, without spaces, that are found on the page only inside chrome boxes."""
        page = _compact(self.page)
        texts = [_compact(box) for box in self.texts]
        found = []
        for box in dict.fromkeys(self.blocks):
            if len(box.split()) < MIN_CUT_WORDS:
                continue
            compact = _compact(box)
            inside = sum(text.count(compact) for text in texts if compact in text)
            if page.count(compact) <= inside:
                found.append(compact)
        return found


def _named_role(element: Any, cards: set[Any] | frozenset[Any] = frozenset()) -> bool:
    if element.tag in _TAGS or element in cards:
        return True
    words = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(words.strip()) and bool(_ROLE.search(words))


def _cuttable(element: Any) -> bool:
    """A box that may be cut out of a longer line: no caption, and set as a block, not inside running text."""
    if element.tag == "figcaption" or _CAPTION.search(f"{element.get('class', '')} {element.get('id', '')}"):
        return False
    return not any(parent.tag in _RUNNING_TEXT for parent in element.iterancestors())


def _cards(tree: Any) -> set[Any]:
    """`//a[.//p or .//h1 or ... or .//h6]`: the links above a paragraph or a heading, found from those (walked by
    tag name in C) instead of a search below every link."""
    cards: set[Any] = set()
    for inner in tree.iter(*_CARD_INNER):
        cards.update(inner.iterancestors("a"))
    return cards


def _dialogs(tree: Any, names: frozenset[str]) -> set[Any]:
    """`//dialog | //*[@role="dialog" or @role="alertdialog" or @aria-modal="true"]`; the attributes are looked
    for only where the page has one of those values (most have none)."""
    dialogs = set(tree.iter("dialog"))
    if not names.isdisjoint(_DIALOG_ROLES):
        dialogs.update(_ROLE_DIALOGS(tree))
    return dialogs


def _candidates(
    tree: Any, names: frozenset[str], cards: set[Any], dialogs: set[Any] | frozenset[Any] = frozenset()
) -> Any:
    """In document order, the elements that `_named_role` may take: those whose class or id names a role,
    asides, figcaptions, cards and dialogs; a page with no such class nor id is not walked in Python.

    No role word holds a space and a space bounds one: the words of a class and an id joined by a space name
    a role when the class or the id alone does. Each distinct value is searched once.
    """
    named = {name for name in names if _ROLE.search(name)}
    if not named and not dialogs:
        return tree.iter(*_TAGS, "a") if cards else tree.iter(*_TAGS)
    return (
        el for el in tree.iter()
        if el.tag in _TAGS or el.get("class") in named or el.get("id") in named or el in cards or el in dialogs
    )


def read_chrome_boxes(tree: Any, max_words: int = MAX_BOX_WORDS, names: frozenset[str] | None = None) -> ChromeBoxes:
    """The page's short boxes named for a chrome role (html and body never), read before trafilatura changes the tree;
    `names`: the page's `read_names`, where already read."""
    texts: list[str] = []
    blocks: list[str] = []
    in_cards: list[str] = []
    inside: set[Any] = set()
    names = read_names(tree) if names is None else names
    cards = _cards(tree)
    dialogs = _dialogs(tree, names)
    for element in _candidates(tree, names, cards, dialogs):
        if not isinstance(element.tag, str) or element.tag in ("html", "body") or element in inside:
            continue
        if not (element in dialogs or _named_role(element, cards)):
            continue
        text = squash(element.text_content())
        if text and (len(text.split()) <= max_words or element in dialogs):
            texts.append(text)
            if element in cards:  # a card's text is never cut out of a line: cards run together stay whole
                in_cards.append(text)
            elif _cuttable(element):
                blocks.append(text)
            inside.update(element.iterdescendants())
    body = tree.find(".//body")
    page = squash((body if body is not None else tree).text_content()) if texts else ""
    return ChromeBoxes(tuple(texts), page, tuple(blocks), tuple(in_cards))


def _cut(line: str, compact_boxes: list[str]) -> str:
    """The line without the boxes' texts it holds, matched without spaces."""
    positions = [i for i, char in enumerate(line) if not char.isspace()]
    compact = "".join(line[i] for i in positions)
    doomed = [False] * len(line)
    for box in compact_boxes:
        start = compact.find(box)
        while start >= 0:
            for k in range(positions[start], positions[start + len(box) - 1] + 1):
                doomed[k] = True
            start = compact.find(box, start + len(box))
    return squash("".join(char for char, gone in zip(line, doomed, strict=True) if not gone))


def _holds_any(compact_line: str, compact_boxes: list[str]) -> bool:
    """Whether the line (without spaces, made once per line) holds one of the boxes' texts."""
    return any(box in compact_line for box in compact_boxes)


def _mostly_cards(lines: list[str], boxes: ChromeBoxes) -> bool:
    """Whether the lines found on the page only inside boxes, and inside a card, hold `MAX_CARD_SHARE` of the
    text's words or more."""
    words = sum(len(line.split()) for line in lines)
    in_cards = 0
    for line in lines:
        squashed = squash(line)
        if squashed and any(squashed in card for card in boxes.cards) and boxes.holds_only(squashed):
            in_cards += len(squashed.split())
    return words > 0 and in_cards >= MAX_CARD_SHARE * words


def drop_chrome_lines(text: str, boxes: ChromeBoxes) -> tuple[str, int]:
    """The text without the lines found on the page only inside chrome boxes, and without the block boxes'
    texts run into longer lines; and how many lines went or changed."""
    if not boxes.texts:
        return text, 0
    lines = text.splitlines()
    if boxes.cards and _mostly_cards(lines, boxes):
        return drop_chrome_lines(text, boxes.without_cards())
    kept = [line for line in lines if not (squash(line) and boxes.holds_only(squash(line)))]
    removed = len(lines) - len(kept)
    cuttable = boxes.cuttable() if boxes.blocks else []
    if cuttable:
        cut = [_cut(line, cuttable) if _holds_any(_compact(line), cuttable) else line for line in kept]
        removed += sum(1 for before, after in zip(kept, cut, strict=True) if before != after)
        kept = [line for line in cut if line]
    return "\n".join(kept), removed
