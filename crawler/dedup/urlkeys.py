"""URL keys: the spellings of one page fold onto one key, `str -> str`, and its integer form, `str -> int`.

The project's `canonicalize_url` (w3lib: case, percent-encoding, sorted query,
tracking parameters) comes first, then courlan's `normalize_url` (its tracker
list, dot segments, no trailing slash). On top of both, what neither folds:
the scheme (http and https are one page), a `www.`, `m.` or `amp.` host prefix,
Google's AMP cache, AMP and print views (`/amp`, `.amp.html`, `?amp=1`,
`?outputType=amp`, `/print`, `?print=1`, `?view=print`), session ids
(`;jsessionid=`, `?sid=`, `?PHPSESSID=`) and a trailing `index.html`.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

from crawler.discovery.urls import canonicalize_url

SESSION_PARAMS = frozenset(
    {"jsessionid", "phpsessid", "aspsessionid", "sessionid", "session_id", "sid", "sessid", "cfid", "cftoken", "zenid"}
)
# Parameters whose mere presence asks for an AMP or print view of the same article.
VIEW_FLAGS = frozenset({"amp", "print", "printable", "printer", "printerfriendly", "printview", "print_view"})
# Parameters that select a view when their value is one of VIEW_VALUES.
VIEW_SELECTORS = frozenset({"view", "output", "outputtype", "format", "mode", "template", "tmpl", "type"})
VIEW_VALUES = frozenset({"amp", "print", "printable", "printer"})
HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
INDEX_PAGES = ("index.html", "index.htm", "index.php", "default.aspx", "default.asp")

_AMP_CACHE = re.compile(r"^/[cv]/(?:s/)?(?P<origin>[^/]+\.[^/]+)(?P<path>/.*)?$")
_VIEW_SEGMENTS = frozenset({"amp", "print"})


def _fold_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        rest = host[len(prefix) :]
        if host.startswith(prefix) and "." in rest:
            return rest
    return host


def _fold_segment(segment: str) -> str:
    """One path segment without session path parameters (`;jsessionid=...`) or an `.amp` infix."""
    name, _, params = segment.partition(";")
    if params:
        kept = [p for p in params.split(";") if p.split("=", 1)[0].lower() not in SESSION_PARAMS]
        name = ";".join([name, *kept]) if kept else name
    for suffix in (".amp.html", ".amp.htm", ".amp"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] + suffix[4:]
    return name


def _fold_path(path: str) -> str:
    segments = [_fold_segment(s) for s in path.split("/")]
    inner = [s for s in segments if s]
    while inner and inner[-1].lower() in _VIEW_SEGMENTS:  # /story/amp, /story/print
        inner.pop()
    while inner and inner[0].lower() in _VIEW_SEGMENTS:  # /amp/story, /print/story
        inner.pop(0)
    if inner and inner[-1].lower() in INDEX_PAGES:
        inner.pop()
    return "/" + "/".join(inner)


def _keep_param(name: str, value: str) -> bool:
    key = name.lower()
    if key in SESSION_PARAMS or key in VIEW_FLAGS:
        return False
    return not (key in VIEW_SELECTORS and value.lower() in VIEW_VALUES)


def _fold_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(sorted((k, v) for k, v in pairs if _keep_param(k, v)))


def _without_session_params(url: str) -> str:
    """Path parameters go before courlan, which would percent-encode their `;`."""
    parts = urlsplit(url)
    if ";" not in parts.path:
        return url
    return urlunsplit(parts._replace(path="/".join(_fold_segment(s) for s in parts.path.split("/"))))


@lru_cache(maxsize=8192)
def url_key(url: str) -> str:
    """The dedup key of a URL: `host/path?query` with every spelling of the same page folded away.

    Cached: the template, dedup and origin stages ask for the same URLs' keys (measured: 3 % of the crawl
    process's time without the cache)."""
    canonical = _without_session_params(canonicalize_url(url))
    try:
        parts = urlsplit(normalize_url(canonical, strict=False, trailing_slash=False))
        port = parts.port
    except ValueError:  # courlan and urllib refuse some malformed URLs (a port that is no number): keep the w3lib form
        parts, port = urlsplit(canonical), None
    host, path = parts.hostname or "", parts.path
    if host.endswith(".cdn.ampproject.org") and (cached := _AMP_CACHE.match(path)):
        host, path = cached["origin"], cached["path"] or "/"
    host = _fold_host(host)
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    query = _fold_query(parts.query)
    return host + _fold_path(path) + (f"?{query}" if query else "")


def url_key_hash(url: str) -> int:
    """The URL key as a positive 63-bit integer (the state's compact form)."""
    digest = hashlib.blake2b(url_key(url).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1
