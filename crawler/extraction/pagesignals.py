"""What a page's own markup says about its type: `lxml tree -> PageSignals`.

Read once per page, before trafilatura (which changes the tree): the schema.org
types it declares (JSON-LD and microdata), its Open Graph type, whether it
declares a publication time, price and cart markers, blocks of repeated items
(a product grid, a list of teasers, the posts of a thread), code blocks, and the
shape of its URL (read by `pageurl.py`). `pagetype.py` weighs them; nothing here decides.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.extraction.pageurl import UrlShape, read_url
from crawler.extraction.textcounts import price_count, year_count

# A schema.org type named in JSON-LD or microdata: the last part of an IRI or a prefixed name.
_TYPE_NAME = re.compile(r"[A-Za-z]+$")
# Class and id words that mark a shop (price, cart, add-to-basket buttons).
_SHOP_WORDS = re.compile(r"(?:^|[-_ ])(?:price|cart|basket|add-?to-?cart|checkout|sku|product-?price)(?:$|[-_ ])", re.I)
# Class and id words of a discussion: the posts, replies and their authors.
_THREAD_WORDS = re.compile(r"(?:^|[-_ ])(?:post|posts|reply|replies|thread|topic|message|forum|answer|answers|"
                           r"postbody|post-?content|messagecontent|bbcode|vote|votes)(?:$|[-_ ])", re.I)
# Class and id words of documentation: tables of contents, sidebars of docs, code.
_DOCS_WORDS = re.compile(r"(?:^|[-_ ])(?:docs?|documentation|toc|table-?of-?contents|api|reference|"
                         r"highlight|codehilite|language-[a-z]+|sidebar-?nav|menu-?docs)(?:$|[-_ ])", re.I)
# Class and id words of a story: its body, byline, author box, date line.
_STORY_WORDS = re.compile(r"(?:^|[-_ ])(?:article|post-?body|entry-?content|story|byline|author|published|"
                          r"post-?date|entry-?date|dateline|blog-?post|single-?post|article-?body)(?:$|[-_ ])", re.I)
_COMMENT_WORDS = re.compile(r"comment", re.I)
_USER_WORDS = re.compile(r"avatar|user-?name|userinfo|user-?info|member|signature|postcount|blockquote|quote|"
                         r"karma|upvote|reputation|joined", re.I)
# What an element's class, id and itemprop words are searched for: bit i of `_marks` is pattern i's answer.
_MARK_WORDS: tuple[re.Pattern[str], ...] = (_SHOP_WORDS, _THREAD_WORDS, _DOCS_WORDS, _STORY_WORDS, _COMMENT_WORDS, _USER_WORDS)
_ANY_MARK = re.compile("|".join(f"(?:{p.pattern})" for p in _MARK_WORDS), re.I)
# The same patterns without re.I, for ASCII values once lower-cased (the same answers, searched much faster).
_LOWER_MARK_WORDS: tuple[re.Pattern[str], ...] = tuple(re.compile(p.pattern) for p in _MARK_WORDS)
_LOWER_ANY_MARK = re.compile(_ANY_MARK.pattern)
_DISCARD = {"script", "style", "noscript", "template", "svg"}
# The tags whose elements are counted in the walk of the text (no XPath walk of the page for each count); submit
# inputs and links to tel: or mailto: are counted under the two keys after them.
_COUNTED = frozenset({"pre", "code", "article", "time", "form", "h1", "h2", "h3", "h4", "li", "button", "input", "a"})
_SUBMIT, _TEL, _ANCHORED, _LINKED = "input[@type='submit']", "a[tel: or mailto:]", "h2|h3[@id]", "h2|h3|h4[a]"
# Links whose text is one text node (most), read as strings; the others' text is gathered element by element.
_PLAIN_LINK_TEXTS = etree.XPath("descendant-or-self::a[not(* or node()[2])]/text()", smart_strings=False)
_MIXED_LINKS = etree.XPath("descendant-or-self::a[* or node()[2]]")
# Paragraphs long enough to hold 30 words (30 words and 29 spaces); their words are counted in Python.
_LONGISH_PARAGRAPHS = etree.XPath("descendant-or-self::p[string-length() >= 59]")
# Elements that may hold a group of teasers: 3 element children or more, a link and an image or heading below.
_TEASER_PARENTS = etree.XPath("descendant-or-self::*[*[3]][.//a][.//img or .//h2 or .//h3 or .//h4]")
_TEASER = etree.XPath("boolean(.//a) and (boolean(.//img) or boolean(.//h2) or boolean(.//h3) or boolean(.//h4))")


@dataclass(frozen=True)
class PageSignals:
    """The page's markup signals, as counts and flags."""

    ld_types: frozenset[str]  # schema.org types declared (JSON-LD, microdata)
    og_type: str  # og:type, lower case ("" when absent)
    published_meta: bool  # a declared publication time (meta or JSON-LD datePublished)
    shop_marks: int  # elements whose class, id or itemprop speaks of price or cart
    price_texts: int  # prices written in the page's text
    thread_marks: int  # elements whose class or id speaks of posts and replies
    docs_marks: int  # elements whose class or id speaks of docs, tables of contents, code
    story_marks: int  # elements whose class or id speaks of an article body, byline or date
    code_blocks: int  # <pre> and <code> blocks
    articles: int  # <article> elements
    repeated_items: int  # the largest group of same-shaped siblings that each hold a link and an image or heading
    times: int  # <time> elements
    forms: int  # <form> elements
    comment_marks: int  # elements whose class or id speaks of comments
    headings: int  # <h1>..<h4> elements
    subheadings: int  # <h2>..<h4> elements
    linked_headings: int  # of them, those that hold a link or sit inside one (teaser titles)
    anchored_headings: int  # <h2> and <h3> with an id (sections a table of contents links to, as in docs)
    body_words: int  # words of the whole page's text
    link_words: int  # of them, words inside links
    title_words: int  # words of the page's headline (<h1>, else og:title, else <title>)
    long_paragraphs: int  # <p> elements of 30 words or more
    paragraph_run: int  # the most such paragraphs under one parent (the body of a story)
    list_items: int  # <li> elements
    buttons: int  # <button> elements and inputs of type submit
    year_mentions: int  # four-digit years 1990-2039 written in the page's text
    user_marks: int  # elements whose class or id speaks of users, avatars, signatures, quotes
    tel_links: int  # tel: and mailto: links
    url: UrlShape  # the shape of the page's URL path


def _ld_objects(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "null", strict=False)
        except ValueError:  # malformed JSON-LD is common: the rest of the page still speaks
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))
    return found


def _type_names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, str) and (m := _TYPE_NAME.search(v.strip())):
            names.append(m.group(0))
    return names


def _marks(value: str, seen: dict[str, int]) -> int:
    """The patterns of `_MARK_WORDS` found in one attribute value, as bits; each distinct value searched once.

    No pattern matches across a space, so searching "class id itemprop" joined by spaces finds what searching
    each value alone does; a class repeats on a page, so searching it once is enough. Most values match no
    pattern: one search of all patterns at once tells them apart.
    """
    found = seen.get(value)
    if found is None:
        text, any_mark, patterns = value, _ANY_MARK, _MARK_WORDS
        if value.isascii():
            text, any_mark, patterns = value.lower(), _LOWER_ANY_MARK, _LOWER_MARK_WORDS
        found = 0 if not any_mark.search(text) else sum(1 << i for i, p in enumerate(patterns) if p.search(text))
        seen[value] = found
    return found


def _teaser_group(parent: Any, best: int) -> int:
    """`best`, or more: the number of the parent's same-shaped children (tag and class) that each hold a link and
    an image or heading, when they are most of that shape (the parent has 3 element children or more)."""
    children = [c for c in parent if isinstance(c.tag, str)]
    shapes = Counter((c.tag, c.get("class", "")) for c in children)
    shape, count = shapes.most_common(1)[0]
    if count <= best:  # never more teasers than children: this group cannot beat the best one
        return best
    items = [c for c in children if (c.tag, c.get("class", "")) == shape]
    teasers = sum(1 for c in items if _TEASER(c))
    return max(best, teasers if teasers >= 0.6 * count else 0)


def _repeated_items(tree: Any) -> int:
    """The page's largest group of same-shaped siblings that each hold a link and an image or heading.

    Only elements with 3 element children or more and a teaser's link and image or heading below can hold a
    group, largest first: once an element has no more children than the best group found, none left can beat it.
    """
    best = 0
    for parent in sorted(_TEASER_PARENTS(tree), key=len, reverse=True):
        if len(parent) <= best:
            break
        best = _teaser_group(parent, best)
    return best


def _text_and_marks(tree: Any) -> tuple[str, list[int], Counter[str], list[str]]:
    """One lean walk: the page's text, how many elements have a class, id or itemprop of each mark, how many
    elements of each tag in `_COUNTED` there are (submit inputs, tel: or mailto: links, <h2> and <h3> with an id, and
    <h2> to <h4> that hold a link or sit inside one (teaser titles) as `_SUBMIT`, `_TEL`, `_ANCHORED`, `_LINKED`),
    and every `itemtype` value (no XPath walk of the page for them).

    The text is every tail and every text but that of script and the like, joined by spaces in the walk's order
    (an element's tail before its text); a <meta> has no marks (it is read for its content only).
    """
    pieces: list[str] = []
    append = pieces.append
    seen: dict[str, int] = {}
    marked: list[int] = []
    counted: Counter[str] = Counter()
    itemtypes: list[str] = []
    for el in tree.iter():
        tail = el.tail
        if tail:
            append(tail)
        tag = el.tag
        itemtype = el.get("itemtype")
        if itemtype is not None:
            itemtypes.append(itemtype)
        if tag in _COUNTED:
            counted[tag] += 1
            if tag == "input" and el.get("type") == "submit":
                counted[_SUBMIT] += 1
            elif tag == "a" and (el.get("href") or "").startswith(("tel:", "mailto:")):
                counted[_TEL] += 1
            elif tag in ("h2", "h3", "h4"):
                counted[_ANCHORED] += tag != "h4" and bool(el.get("id"))
                counted[_LINKED] += el.find(".//a") is not None or next(el.iterancestors("a"), None) is not None
        if tag.__class__ is not str or tag in _DISCARD:
            continue
        text = el.text
        if text:
            append(text)
        if tag == "meta":
            continue
        get = el.get
        found = 0
        for value in (get("class"), get("id"), get("itemprop")):
            if value:
                bits = seen.get(value)
                found |= _marks(value, seen) if bits is None else bits
        if found:
            marked.append(found)
    marks = [sum(found >> i & 1 for found in marked) for i in range(len(_MARK_WORDS))]
    return " ".join(pieces), marks, counted, itemtypes


def _link_words(tree: Any) -> int:
    """Words of the text of every link (a link inside a link counts in both)."""
    words = sum(len(t.split()) for t in _PLAIN_LINK_TEXTS(tree))
    return words + sum(len(a.text_content().split()) for a in _MIXED_LINKS(tree))


def read_signals(tree: Any, url: str) -> PageSignals:
    """The signals of a parsed page (an lxml HTML tree), with the URL it came from."""
    objects = _ld_objects(tree)
    types = {t for o in objects for t in _type_names(o.get("@type"))}
    published = any(o.get("datePublished") for o in objects)
    og_type = og_title = ""
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").lower()
        if key == "og:title":
            og_title = el.get("content") or ""
        elif key == "og:type":
            og_type = (el.get("content") or "").strip().lower()
        elif key in ("article:published_time", "datepublished", "og:published_time"):
            published = True
    text, (shop, thread, docs, story, comments, users), tags, itemtypes = _text_and_marks(tree)
    types |= {t for v in itemtypes for part in v.split() for t in _type_names(part)}
    runs: Counter[Any] = Counter(p.getparent() for p in _LONGISH_PARAGRAPHS(tree) if len(p.text_content().split()) >= 30)
    long_paragraphs = sum(runs.values())
    h1 = tree.find(".//h1")
    title = (h1.text_content() if h1 is not None else "") or og_title or (tree.findtext(".//title") or "")
    return PageSignals(
        ld_types=frozenset(types),
        og_type=og_type,
        published_meta=published,
        shop_marks=shop,
        price_texts=price_count(text),
        thread_marks=thread,
        docs_marks=docs,
        story_marks=story,
        code_blocks=tags["pre"] + tags["code"],
        articles=tags["article"],
        repeated_items=_repeated_items(tree),
        times=tags["time"],
        forms=tags["form"],
        comment_marks=comments,
        headings=tags["h1"] + tags["h2"] + tags["h3"] + tags["h4"],
        subheadings=tags["h2"] + tags["h3"] + tags["h4"],
        linked_headings=tags[_LINKED],
        anchored_headings=tags[_ANCHORED],
        body_words=len(text.split()),
        link_words=_link_words(tree),
        title_words=len(title.split()),
        long_paragraphs=long_paragraphs,
        paragraph_run=max(runs.values(), default=0),
        list_items=tags["li"],
        buttons=tags["button"] + tags[_SUBMIT],
        year_mentions=year_count(text),
        user_marks=users,
        tel_links=tags[_TEL],
        url=read_url(url),
    )
