"""What a page's URL says about its type: `url -> UrlShape`.

A story's address is often dated, or ends in a slug of several hyphenated
words, or carries the CMS's numeric id; a hub's is short or empty, a shop's
ends in a product code. Conventional section words (`/blog/`, `/product/`,
`/forum/`...) name the kind of section the page sits in. `pagetype.py` weighs
these; nothing here decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A date in the URL path: /2025/09/04/, /2025-09-04-, /20250904.
_URL_DATE = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|[/-](?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d")
# A file extension of the last segment (story.html, item.php): left out of its slug. Neither it nor a long number
# in the path is a feature: news sites give both to their stories as forums and shops do to their pages.
_EXTENSION = re.compile(r"\.[a-z0-9]{2,5}$")
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


@dataclass(frozen=True)
class UrlShape:
    """The shape of a page's URL path, as flags and counts."""

    date: bool  # a date in the path
    words: frozenset[str]  # the conventional section words in the path, but its last segment (blog, news, product...)
    ends_in_section: bool  # the path's last segment is such a section word (/blog/, /products)
    depth: int  # path segments
    slug_words: int  # words in the last segment
    hyphens: bool  # the last segment holds 3 hyphens or more (a slug of a headline's words)
    slug_digits: bool  # the last segment holds a digit (an id, a model number, a page number)


def read_url(url: str) -> UrlShape:
    """The shape of `url`'s path (its query and fragment are not read)."""
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    stem = _EXTENSION.sub("", last.lower())
    return UrlShape(
        date=bool(_URL_DATE.search(path)),
        words=frozenset(s.lower() for s in segments[:-1] if s.lower() in URL_WORDS),
        ends_in_section=last.lower() in URL_WORDS,
        depth=len(segments),
        slug_words=len([w for w in re.split(r"[-_+]", re.sub(r"\.[a-z0-9]{2,5}$", "", last)) if w.isalpha()]),
        hyphens=stem.count("-") >= 3,
        slug_digits=any(c.isdigit() for c in stem),
    )
