"""Query feeds: news searches asked for a topic, and their answers read as feed entries.

Pure: terms in, URLs out; answer bytes in, ``FeedEntry`` out. Two kinds:

- GDELT DOC 2.0 API, ``mode=artlist&format=json``: ``{"articles": [{"url",
  "title", "seendate": "20200729T060000Z", "domain", "language", ...}]}``; an
  empty answer is ``{}``; a refused query is answered in plain text.
- A news search that answers RSS (Bing News ``format=rss``, ...): read by the
  feed parser; a result link that is the search engine's redirect
  (``...apiclick.aspx?...&url=<article>``) is unwrapped to the article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

from crawler.discovery.feeds import FeedEntry, FeedError, parse_feed

GDELT_LANGUAGES = {
    "ar": "arabic", "de": "german", "en": "english", "es": "spanish", "fr": "french", "it": "italian",
    "ja": "japanese", "ko": "korean", "nl": "dutch", "pl": "polish", "pt": "portuguese", "ru": "russian",
    "tr": "turkish", "uk": "ukrainian", "zh": "chinese",
}  # fmt: skip
_REDIRECT_PARAMS = ("url", "u", "target")


class QueryFeedError(ValueError):
    """A query feed's answer that cannot be read (a refused query, a broken body)."""


def _quoted(term: str) -> str:
    return f'"{term}"' if any(c.isspace() or c in "-'’" for c in term) else term


def boolean_query(groups: Sequence[Sequence[str]]) -> str:
    """'(Huawei OR ZTE) ("national security" OR ban)': any term of each group, every group."""
    parts = []
    for terms in groups:
        quoted = [_quoted(t.strip()) for t in terms if t.strip()]
        if len(quoted) == 1:
            parts.append(quoted[0])
        elif quoted:
            parts.append("(" + " OR ".join(quoted) + ")")
    return " ".join(parts)


def gdelt_url(endpoint: str, query: str, lang: str = "", max_records: int = 75) -> str:
    """A GDELT DOC API article-list request; `lang` (ISO 639-1) adds sourcelang: when GDELT knows it."""
    if lang in GDELT_LANGUAGES:
        query = f"{query} sourcelang:{GDELT_LANGUAGES[lang]}"
    params = {"query": query, "mode": "artlist", "format": "json", "maxrecords": str(min(max_records, 250)),
              "sort": "datedesc"}  # fmt: skip
    return f"{endpoint}?{urlencode(params, quote_via=quote)}"


def rss_url(template: str, query: str, lang: str = "") -> str:
    """A news-search RSS URL from a template with {query} (and optionally {lang})."""
    return template.replace("{query}", quote_plus(query)).replace("{lang}", quote(lang))


def _gdelt_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").isoformat() + "+00:00"
    except ValueError:
        return None


def parse_gdelt(body: bytes, base_url: str = "") -> list[FeedEntry]:
    """Entries of a GDELT artlist JSON answer; raises QueryFeedError for a refusal or a broken body."""
    text = body.decode("utf-8-sig", errors="replace").strip()
    if not text.startswith("{"):
        raise QueryFeedError(f"GDELT refused the query: {text[:200]!r}")
    try:
        doc = json.loads(text, strict=False)
    except ValueError as exc:
        raise QueryFeedError(f"GDELT answer is not JSON: {exc}") from exc
    articles = doc.get("articles", []) if isinstance(doc, dict) else None
    if not isinstance(articles, list):
        raise QueryFeedError("GDELT answer without an `articles` list")
    entries = []
    for item in articles:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            title = item.get("title")
            title = title.strip() if isinstance(title, str) else None
            entries.append(FeedEntry(url.strip(), title, _gdelt_date(item.get("seendate"))))
    return entries


def unwrap_redirect(url: str) -> str:
    """The article behind a search engine's redirect link (a `url=` parameter holding an http(s) URL), else `url`."""
    try:
        query = parse_qs(urlsplit(url).query)
    except ValueError:
        return url
    for name in _REDIRECT_PARAMS:
        for value in query.get(name, []):
            if value.lower().startswith(("http://", "https://")):
                return value
    return url


def parse_news_rss(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of a news-search RSS answer, redirect links unwrapped; raises QueryFeedError if it is no feed."""
    try:
        entries = parse_feed(body, base_url)
    except FeedError as exc:
        raise QueryFeedError(str(exc)) from exc
    return [FeedEntry(unwrap_redirect(e.url), e.title, e.published, e.summary) for e in entries]
