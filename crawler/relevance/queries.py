"""What to ask a news search about a topic: the profile's heaviest terms, per language.

Pure: a profile in, lists of terms and query URLs out (`crawler.discovery.queryfeeds`
writes the query string and the URL of each kind of search).
"""

from __future__ import annotations

from crawler.discovery.queryfeeds import boolean_query, gdelt_url, rss_url
from crawler.relevance.profile import Profile, QueryFeed, TermGroup
from crawler.relevance.scoring import fold

_NO_SPACE_SCRIPTS = ("zh", "ja", "ko")


def _fits(text: str, lang: str) -> bool:
    """Latin and other spaced scripts for most languages; CJK spellings only for CJK languages."""
    cjk = any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in text)
    return not cjk or lang in _NO_SPACE_SCRIPTS


def group_terms(group: TermGroup, lang: str, limit: int) -> list[str]:
    """Up to `limit` terms of a group for one language: entity names first, then the heaviest terms."""
    names = [t.label for t in group.terms if t.label and _fits(t.label, lang)]
    plain = [t for t in group.terms if not t.label and t.lang in (lang, "") and _fits(t.text, lang)]
    plain.sort(key=lambda t: -t.weight)  # stable: the profile's order among equal weights
    chosen: dict[str, str] = {}
    for text in [*names, *(t.text for t in plain)]:
        chosen.setdefault(fold(text), text)
    return list(chosen.values())[:limit]


def query_terms(profile: Profile, feed: QueryFeed, lang: str) -> list[list[str]]:
    """One list of alternatives per required group (every group if none is required)."""
    groups = [g for g in profile.groups if g.required] or list(profile.groups)
    found = [group_terms(g, lang, feed.terms_per_group) for g in groups]
    return [terms for terms in found if terms]


def query_languages(profile: Profile, feed: QueryFeed) -> tuple[str, ...]:
    """The languages a query feed is asked in: its own, else the profile's, else one query for all."""
    return feed.languages or profile.languages or ("",)


def query_feed_urls(profile: Profile) -> list[tuple[str, str]]:
    """(URL, kind) of every query feed request of a profile: one per feed and language."""
    found = []
    for feed in profile.queries:
        for lang in query_languages(profile, feed):
            query = feed.query or boolean_query(query_terms(profile, feed, lang))
            if feed.kind == "gdelt":
                found.append((gdelt_url(feed.url, query, lang, feed.max_records), feed.kind))
            else:
                found.append((rss_url(feed.url, query, lang), feed.kind))
    return found
