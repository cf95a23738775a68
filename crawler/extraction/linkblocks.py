"""Drop the blocks of trafilatura's output that are links to the site's other pages.

Related-article teasers, "read also" lines and link lists survive trafilatura
when they sit inside the article's container. In its XML output (extracted with
`include_links=True`) they show as short blocks whose text is almost all
`<ref>` text pointing back into the same site. A link to another site (a
source, a product, an event page), to an image, or that shows its own address
is kept: those are part of what the article says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from tld import get_fld

_BLOCKS = {"p", "head", "item", "list", "quote"}
_IMAGE = re.compile(r"\.(jpe?g|png|gif|webp|avif)(\?|$)", re.I)
_ADDRESS = re.compile(r"https?://|www\.|@")
# Social networks, where a link to an account's page (not to one post) in a short line of such links asks the
# reader to follow that account.
_SOCIAL = frozenset({
    "facebook.com", "twitter.com", "x.com", "instagram.com", "t.me", "telegram.me", "youtube.com", "linkedin.com",
    "tiktok.com", "pinterest.com", "whatsapp.com", "wa.me", "threads.net", "xing.com", "flipboard.com",
})
_NOT_ALNUM = re.compile(r"[\W_]+")
_MIN_SITE_NAME = 3  # a shorter site name (the "bt" of bt.com) is found in too many accounts' names
_POST_PATH = re.compile(r"/(?:status|statuses|posts?|p|reel|reels|watch|videos?|photos?|events?|shorts)(?:/|$)", re.I)


@dataclass(frozen=True)
class LinkBlockConfig:
    """A block is dropped when at most `max_words` long and `min_link_share` of its text is internal links."""

    max_words: int = 30
    min_link_share: float = 0.8
    min_teasers: int = 2  # a list of at least this many items, each opening with an internal link...
    max_teaser_words: int = 40  # ...and at most this many words long, is a list of teasers


def site_of(url: str) -> str:
    """The registered domain of a URL (public-suffix aware: bbc.co.uk), else its host."""
    return get_fld(url, fail_silently=True) or (urlsplit(url).hostname or "").lower()


def _text(element: Any) -> str:
    return "".join(element.itertext())


def _internal(ref: Any, page_url: str, page_site: str) -> bool:
    target = ref.get("target")
    if not target or _IMAGE.search(target) or _ADDRESS.search(_text(ref)):
        return False
    if not target.startswith(("http:", "https:", "//")):
        return True  # a relative link stays on the site
    return site_of(urljoin(page_url, target)) == page_site


def _longest(block: Any, refs: list[Any], config: LinkBlockConfig) -> int:
    """The most words a link block may hold: `max_words`, or a teaser's length per link when its links
    stand one a line (a paragraph of headlines separated by line breaks)."""
    linked = sum(1 for ref in refs if _text(ref).strip())
    if linked < config.min_teasers or len(block.findall(".//lb")) < linked - 1:
        return config.max_words
    return max(config.max_words, config.max_teaser_words * linked)


def _is_link_block(block: Any, page_url: str, config: LinkBlockConfig) -> bool:
    """A short block almost all internal links; or several such links, one a line, each no longer than a teaser."""
    text = _text(block).strip()
    refs = list(block.iter("ref"))
    if not text or not refs or len(text.split()) > _longest(block, refs, config):
        return False
    page_site = site_of(page_url)
    if not all(_internal(ref, page_url, page_site) for ref in refs):
        return False
    return sum(len(_text(ref)) for ref in refs) >= config.min_link_share * len(text)


def _account(ref: Any) -> str | None:
    """The account a link leads to on a social network, lower-cased letters and digits only (at most two path
    segments, not a post); None for any other link."""
    parts = urlsplit(ref.get("target") or "")
    host = (parts.hostname or "").lower()
    if site_of(f"https://{host}/") not in _SOCIAL and host.removeprefix("www.") not in _SOCIAL:
        return None
    segments = [seg for seg in parts.path.split("/") if seg]
    if len(segments) > 2 or _POST_PATH.search(parts.path):
        return None
    return _NOT_ALNUM.sub("", "".join(segments).lower())


def _is_follow_block(block: Any, page_url: str, config: LinkBlockConfig) -> bool:
    """A short block whose links (two or more) all lead to accounts on social networks, one of them named for
    the site itself: "Follow us on Telegram, Instagram and Twitter". Links to others' accounts (a brand's, the
    reporters', the people the story is about) stay."""
    refs = [ref for ref in block.iter("ref") if _text(ref).strip()]
    if len(refs) < config.min_teasers or len(_text(block).split()) > config.max_words:
        return False
    accounts = [_account(ref) for ref in refs]
    if any(account is None for account in accounts):
        return False
    name = _NOT_ALNUM.sub("", site_of(page_url).split(".")[0].lower())
    return len(name) >= _MIN_SITE_NAME and any(name in account for account in accounts if account)


def _leads_with_link(item: Any, page_url: str, page_site: str) -> bool:
    """An item that opens with an internal link: a teaser's headline (and maybe its standfirst after it)."""
    text = _text(item).strip()
    refs = [ref for ref in item.iter("ref") if _text(ref).strip()]
    if not refs or not _internal(refs[0], page_url, page_site):
        return False
    return text.startswith(_text(refs[0]).strip()[:20])


def _is_teaser_list(block: Any, page_url: str, config: LinkBlockConfig) -> bool:
    """A list of teasers: every item short and opening with a link to another page of the site."""
    items = [item for item in block.iter("item") if _text(item).strip()]
    if len(items) < config.min_teasers:
        return False
    page_site = site_of(page_url)
    return all(
        len(_text(item).split()) <= config.max_teaser_words and _leads_with_link(item, page_url, page_site)
        for item in items
    )


def _orphaned_headings(blocks: list[Any], dropped: set[int], config: LinkBlockConfig) -> set[int]:
    """Headings whose whole section went as link blocks holding several links: the heading of a
    related-stories box ("Read more"); a teaser's own headline over its one link stays."""
    orphans: set[int] = set()
    for i, block in enumerate(blocks):
        if block.tag != "head" or i in dropped:
            continue
        end = next((j for j in range(i + 1, len(blocks)) if blocks[j].tag == "head"), len(blocks))
        section = range(i + 1, end)
        if not section or not all(j in dropped for j in section):
            continue
        links = sum(1 for j in section for ref in blocks[j].iter("ref") if _text(ref).strip())
        if links >= config.min_teasers:
            orphans.add(i)
    return orphans


def _trailing_headings(blocks: list[Any], dropped: set[int]) -> set[int]:
    """The headings that end the body with nothing left under them (the heading of a box of links that went,
    or whose links trafilatura left out), from the last block up."""
    found: set[int] = set()
    for i in range(len(blocks) - 1, -1, -1):
        if i in dropped or not _text(blocks[i]).strip():
            continue
        if blocks[i].tag != "head":
            break
        found.add(i)
    return found


def drop_link_blocks(body: Any, page_url: str, config: LinkBlockConfig) -> int:
    """Remove internal-link blocks, and the headings left over them, from trafilatura's XML body in place,
    then unwrap all links; returns the count."""
    blocks = list(body)
    dropped = {
        i
        for i, block in enumerate(blocks)
        if block.tag in _BLOCKS
        and (
            _is_link_block(block, page_url, config)
            or _is_follow_block(block, page_url, config)
            or (block.tag == "list" and _is_teaser_list(block, page_url, config))
        )
    }
    dropped |= _orphaned_headings(blocks, dropped, config)
    if len(blocks) - len(dropped) > 3:  # a body of three blocks or fewer is all story
        dropped |= _trailing_headings(blocks, dropped)
    for i in dropped:
        body.remove(blocks[i])
    etree.strip_tags(body, "ref")
    return len(dropped)
