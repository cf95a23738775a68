"""A quick read of a raw HTML page's title and main text, for scoring it while crawling.

Pure: HTML str in, ``PageText`` out. Not the extraction stage (trafilatura, in
the pipeline, decides what an article says); this only has to be cheap and to
leave out the chrome: navigation, header, footer, sidebars, "most read" and
"related" boxes, share bars, so that a sidebar's "Huawei P30 en promo" never
counts as the page's topic. It also tells which links are in the chrome (site
navigation, "most read", promos...) rather than in the content or in a "related"
box: only the latter say something about the page's topic. One lxml parse, no
network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

_CHROME_TAGS = frozenset(
    {"script", "style", "noscript", "nav", "aside", "header", "footer", "form", "iframe", "template", "svg",
     "button", "select", "figcaption"}
)  # fmt: skip
_KEPT_TAGS = frozenset({"html", "body", "main", "article"})
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:sidebar|side-?bar|aside|related|recommend\w*|trending|popular|most-?read|plus-?lus|"
    r"a-lire|read-?more|promo\w*|sponsor\w*|advert\w*|ads?|share|sharing|social|newsletter|comments?|"
    r"breadcrumbs?|menu|nav\w*|footer|header|masthead|widget|outbrain|taboola|cookies?|subscribe|paywall)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Boxes left out of the text whose links still follow the page's topic.
_TOPICAL_BOXES = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|same-?topic|meme-?sujet|see-?also|voir-?aussi)(?:$|[\s_-])", re.IGNORECASE
)
_BLOCKS = ("p", "li", "h2", "h3", "h4", "blockquote", "dd", "td")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    """The page's title and its main text, one block a line."""

    title: str
    text: str
    chrome_links: frozenset[str] = frozenset()  # absolute URLs (no fragment) linked only from the chrome


def _squash(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _title(root: etree._Element) -> str:
    for xpath in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        found = root.xpath(xpath)
        if found:
            first = found[0]
            text = first if isinstance(first, str) else first.text_content()
            if _squash(text):
                return _squash(text)
    return ""


def _is_chrome(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _KEPT_TAGS:
        return False
    if tag in _CHROME_TAGS or element.get("role") in ("navigation", "complementary", "banner", "contentinfo"):
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and _CHROME_NAMES.search(names) is not None


def _main(root: etree._Element) -> etree._Element:
    articles = root.xpath("//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    for xpath in ("//main", '//*[@role="main"]', "//body"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


def _links(root: etree._Element, base_url: str) -> dict[str, bool]:
    """Each link's absolute URL (no fragment): True while every anchor to it sits in the chrome."""
    bases = root.xpath("//base/@href")
    base = urljoin(base_url, str(bases[0]).strip()) if bases and base_url else base_url
    chrome: dict[str, bool] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            url = urljoin(base, href).split("#", 1)[0]
        except ValueError:
            continue
        in_chrome = False
        for element in anchor.iterancestors():
            names = f"{element.get('class', '')} {element.get('id', '')}"
            if _TOPICAL_BOXES.search(names):
                break
            if _is_chrome(element):
                in_chrome = True
                break
        chrome[url] = chrome.get(url, True) and in_chrome
    return chrome


def page_text(html: str, base_url: str = "") -> PageText:
    """Title (og:title, else h1, else <title>), the main block's text without chrome, and the chrome's links."""
    if not html.strip():
        return PageText("", "")
    try:
        root = lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return PageText("", "")
    return page_text_of(root, base_url)


def page_text_of(root: etree._Element, base_url: str = "") -> PageText:
    """`page_text` of a parsed page. It drops the chrome from `root`: read anything else from the tree first."""
    title = _title(root)
    chrome_links = frozenset(url for url, in_chrome in _links(root, base_url).items() if in_chrome) if base_url else frozenset()
    for element in [e for e in root.iter() if _is_chrome(e)]:
        if element.getparent() is not None:
            element.drop_tree()
    main = _main(root)
    blocks = [_squash(b.text_content()) for b in main.iter(*_BLOCKS)]
    lines = [b for b in blocks if b] or [_squash(main.text_content())]
    return PageText(title, "\n".join(lines), chrome_links)
