"""A decoded page as an lxml.html tree: `str -> tree | None`, as `trafilatura.utils.load_html` parses a str.

lxml.html's parser gives each element its class (FormElement, InputElement,
..., else HtmlElement) by a Python method that runs every time lxml makes an
element object: several thousand times per page, over the project's reads of
the tree and trafilatura's. The parser here gives the same classes by lxml's
own lookup in C. The steps around the parse are load_html's for a str: its
check for a document that is not HTML, its repair of a self-closed <html/>,
its second try from bytes.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from lxml import etree, html
from trafilatura.utils import is_dubious_html, repair_faulty_html

LOGGER = logging.getLogger(__name__)
# The element classes lxml.html's lookup gives by tag (any other element: HtmlElement).
_FORM_CLASSES = {
    "form": html.FormElement,
    "input": html.InputElement,
    "select": html.SelectElement,
    "textarea": html.TextareaElement,
    "label": html.LabelElement,
}


@lru_cache(maxsize=1)
def html_parser() -> html.HTMLParser:
    """trafilatura's parser settings, with lxml.html's element classes looked up in C (made once per process)."""
    parser = html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    default = etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity
    )
    lookup = etree.ElementNamespaceClassLookup(default)
    lookup.get_namespace(None).update(_FORM_CLASSES)
    parser.set_element_class_lookup(lookup)
    return parser


def _from_bytes(text: str) -> Any:
    try:
        return html.fromstring(text.encode("utf8", "surrogatepass"), parser=html_parser())
    except (etree.LxmlError, ValueError) as exc:
        LOGGER.debug("no tree from the page's bytes: %s", exc)
        return None


def parse_html(text: str) -> Any:
    """The page's tree, or None where load_html gives none (not HTML, nothing parsed)."""
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree = None
    from_bytes = False
    try:
        tree = html.fromstring(text, parser=html_parser())
    except ValueError:  # a str with an encoding declaration: parsed from bytes
        tree, from_bytes = _from_bytes(text), True
    except etree.LxmlError as exc:
        LOGGER.debug("no tree from the page's text: %s", exc)
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree
