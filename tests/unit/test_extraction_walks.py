"""The walks by tag name find what the XPath expressions they replace found, in the same order."""

from __future__ import annotations

from lxml import etree, html

from crawler.extraction.metadata import _declaring
from crawler.extraction.pagesignals import read_signals
from crawler.extraction.roleboxes import _cards, _dialogs, read_names

PAGE = """<html lang="en" itemscope itemtype="https://schema.org/NewsArticle"><head>
<meta property="og:title" content="T"><meta name="viewport"><link rel="canonical" href="/a"><link href="/b">
<script type="application/ld+json">{"@type": "NewsArticle"}</script><script>var x;</script></head>
<body><time datetime="2024-01-02">2 Jan</time><time>no attribute</time>
<a href="/1"><h3>Card</h3></a><a href="/2"><span><p>Nested card</p></span></a><a href="/3">Plain link</a>
<a href="/4"><a href="/5"><h2>Inner</h2></a></a>
<dialog>A prompt</dialog><div role="dialog">Cookies</div><div aria-modal="true">Modal</div>
<div role="button" class="dialog">Not a dialog</div><div itemtype="https://schema.org/Person">By A</div>
</body></html>"""


def test_the_declaring_elements_are_those_of_the_xpath_union_in_order() -> None:
    tree = html.fromstring(PAGE)
    xpath = etree.XPath(
        '//meta[@content] | //link[@rel][@href] | //script[@type="application/ld+json"] | //time[@datetime]'
    )
    assert list(_declaring(tree)) == xpath(tree)
    assert [e.tag for e in _declaring(tree)] == ["meta", "link", "script", "time"]


def test_cards_and_dialogs_are_those_of_the_xpath() -> None:
    tree = html.fromstring(PAGE)
    cards = etree.XPath("//a[.//p or .//h1 or .//h2 or .//h3 or .//h4 or .//h5 or .//h6]")(tree)
    dialogs = etree.XPath('//dialog | //*[@role="dialog" or @role="alertdialog" or @aria-modal="true"]')(tree)
    assert _cards(tree) == set(cards) and len(cards) == 3  # the parser closes a link before a nested one
    assert _dialogs(tree, read_names(tree)) == set(dialogs) and len(dialogs) == 3
    assert _dialogs(tree, frozenset()) == set(tree.iter("dialog"))  # no such value read: the attributes not searched


def test_itemtypes_are_read_in_the_signals_walk() -> None:
    assert {"NewsArticle", "Person"} <= read_signals(html.fromstring(PAGE), "https://example.org/a").ld_types
