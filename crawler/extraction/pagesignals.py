"""What a page's own markup says about its type: `lxml tree -> PageSignals`.

Read once per page, before trafilatura (which changes the tree): the schema.org
types it declares (JSON-LD and microdata), its Open Graph type, whether it
declares a publication time, price and cart markers, blocks of repeated items
(a product grid, a list of teasers, the posts of a thread), code blocks, and the
shape of its URL. `pagetype.py` weighs them; nothing here decides.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

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
# A date in the URL path: /2025/09/04/, /2025-09-04-, /20250904.
_URL_DATE = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|[/-](?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d")
# A price as text: a currency sign or code beside a number.
_PRICE_TEXT = re.compile(r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|\$|£|EUR|USD|GBP|CHF)\b)")
_COMMENT_WORDS = re.compile(r"comment", re.I)
_USER_WORDS = re.compile(r"avatar|user-?name|userinfo|user-?info|member|signature|postcount|blockquote|quote|"
                         r"karma|upvote|reputation|joined", re.I)
# Conventional words of URL paths for news and press sections in the languages crawled beside English.
STORY_SECTIONS = frozenset({
    "actualites", "actualite", "actus", "communiques", "aktuelles", "aktuell", "nachrichten", "meldungen",
    "kurzmeldungen", "pressemitteilungen", "pressemeldungen", "noticias", "notizie", "wiadomosci",
})
# Conventional words of URL paths that name a section's kind (English-speaking CMS defaults, not any site's).
URL_WORDS = frozenset({
    "blog", "blogs", "news", "article", "articles", "post", "posts", "story", "stories", "press",
    "product", "products", "shop", "store", "item", "p", "dp", "category", "categories", "collections",
    "collection", "tag", "tags", "c", "forum", "forums", "thread", "threads", "topic", "topics", "t",
    "questions", "community", "discussion", "docs", "doc", "documentation", "api", "reference", "guide",
    "manual", "help", "support", "wiki", "services", "service", "solutions", "about", "contact",
    *STORY_SECTIONS,
})
_YEAR = re.compile(r"\b(?:199\d|20[0-3]\d)\b")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
# What an element's class, id and itemprop words are searched for: bit i of `_marks` is pattern i's answer.
_MARK_WORDS = (_SHOP_WORDS, _THREAD_WORDS, _DOCS_WORDS, _STORY_WORDS, _COMMENT_WORDS, _USER_WORDS)
_DISCARD = {"script", "style", "noscript", "template", "svg"}
# The tags counted below (any other tag counts for its class words and text only).
_COUNTED = frozenset({"pre", "code", "article", "time", "form", "li", "a", "button", "input", "p", *_HEADINGS})


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
    url_date: bool  # a date in the URL path
    url_words: frozenset[str]  # the conventional section words in the URL path (blog, news, product, forum...)
    url_ends_in_section: bool  # the path's last segment is such a section word (/blog/, /products)
    url_depth: int  # path segments
    slug_words: int  # words in the last path segment


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
    each value alone does; a class repeats on a page, so searching it once is enough.
    """
    found = seen.get(value)
    if found is None:
        found = seen[value] = sum(1 << i for i, p in enumerate(_MARK_WORDS) if p.search(value))
    return found


def _repeated_items(parent: Any, best: int) -> int:
    """`best`, or more: the number of the parent's same-shaped children (tag and class) that each hold a link and
    an image or heading, when they are most of that shape. Over every element: the page's largest such group."""
    if len(parent) < 3:  # fewer than 3 children of any kind (lxml's count: no element objects made)
        return best
    children = [c for c in parent if isinstance(c.tag, str)]
    if len(children) < 3:
        return best
    shapes = Counter((c.tag, c.get("class", "")) for c in children)
    shape, count = shapes.most_common(1)[0]
    if count <= best:  # never more teasers than children: this group cannot beat the best one
        return best
    items = [c for c in children if (c.tag, c.get("class", "")) == shape]
    teasers = sum(
        1 for c in items
        if c.find(".//a") is not None and (c.find(".//img") is not None or c.find(".//h2") is not None
                                           or c.find(".//h3") is not None or c.find(".//h4") is not None)
    )
    return max(best, teasers if teasers >= 0.6 * count else 0)


def read_signals(tree: Any, url: str) -> PageSignals:
    """The signals of a parsed page (an lxml HTML tree), with the URL it came from."""
    objects = _ld_objects(tree)
    types = {t for o in objects for t in _type_names(o.get("@type"))}
    types |= {t for v in tree.xpath("//@itemtype") for part in str(v).split() for t in _type_names(part)}
    published = any(o.get("datePublished") for o in objects)
    og_type = ""
    shop = thread = docs = story = code = articles = times = forms = comments = headings = 0
    items = buttons = users = tels = 0
    og_title = ""
    runs: Counter[Any] = Counter()
    long_paragraphs = 0
    pieces: list[str] = []
    link_words = 0
    seen: dict[str, int] = {}
    repeated = 0
    for el in tree.iter():
        tag = el.tag
        if el.tail:
            pieces.append(el.tail)
        repeated = _repeated_items(el, repeated)
        if not isinstance(tag, str) or tag in _DISCARD:
            continue
        if el.text:
            pieces.append(el.text)
        if tag == "meta":
            key = (el.get("property") or el.get("name") or "").lower()
            if key == "og:title":
                og_title = el.get("content") or ""
            elif key == "og:type":
                og_type = (el.get("content") or "").strip().lower()
            elif key in ("article:published_time", "datepublished", "og:published_time"):
                published = True
            continue
        found = 0
        for value in (el.get("class"), el.get("id"), el.get("itemprop")):
            found |= _marks(value, seen) if value else 0
        if found:
            shop, thread, docs = shop + (found & 1), thread + (found >> 1 & 1), docs + (found >> 2 & 1)
            story, comments, users = story + (found >> 3 & 1), comments + (found >> 4 & 1), users + (found >> 5 & 1)
        if tag not in _COUNTED:
            continue
        code += tag in ("pre", "code")
        articles += tag == "article"
        times += tag == "time"
        forms += tag == "form"
        headings += tag in _HEADINGS
        items += tag == "li"
        if tag == "a":
            tels += (el.get("href") or "").startswith(("tel:", "mailto:"))
            link_words += len(el.text_content().split())
        buttons += tag == "button" or (tag == "input" and el.get("type") == "submit")
        if tag == "p" and len(el.text_content().split()) >= 30:
            long_paragraphs += 1
            runs[el.getparent()] += 1
    text = " ".join(pieces)
    h1 = tree.find(".//h1")
    title = (h1.text_content() if h1 is not None else "") or og_title or (tree.findtext(".//title") or "")
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    last = re.sub(r"\.[a-z0-9]{2,5}$", "", segments[-1]) if segments else ""
    return PageSignals(
        ld_types=frozenset(types),
        og_type=og_type,
        published_meta=published,
        shop_marks=shop,
        price_texts=len(_PRICE_TEXT.findall(text)),
        thread_marks=thread,
        docs_marks=docs,
        story_marks=story,
        code_blocks=code,
        articles=articles,
        repeated_items=repeated,
        times=times,
        forms=forms,
        comment_marks=comments,
        headings=headings,
        body_words=len(text.split()),
        link_words=link_words,
        title_words=len(title.split()),
        long_paragraphs=long_paragraphs,
        paragraph_run=max(runs.values(), default=0),
        list_items=items,
        buttons=buttons,
        year_mentions=len(_YEAR.findall(text)),
        user_marks=users,
        tel_links=tels,
        url_date=bool(_URL_DATE.search(path)),
        url_words=frozenset(s.lower() for s in segments[:-1] if s.lower() in URL_WORDS),
        url_ends_in_section=bool(segments) and segments[-1].lower() in URL_WORDS,
        url_depth=len(segments),
        slug_words=len([w for w in re.split(r"[-_+]", last) if w.isalpha()]),
    )
