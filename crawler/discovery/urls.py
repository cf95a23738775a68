"""URL keys and URL filters: canonical form, host, allowed domains, assets.

Pure: str in, str/bool out. ``canonicalize_url`` is the one key used both for
dedup and for the URL that is requested, so two spellings of a page meet.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from urllib.parse import SplitResult, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize_url

WEB_SCHEMES = frozenset({"http", "https"})

_DEFAULT_PORTS = {"http": 80, "https": 443}

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "yclid",
        "ref_src",
        "at_medium",
        "at_campaign",
        "xtor",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "ns_campaign",
        "ns_mchannel",
        "ns_source",
        "ocid",
        "cmpid",
    }
)

# Session ids: the same page under a new URL for every visitor (a crawler trap when links carry them).
SESSION_PARAMS = frozenset(
    {"phpsessid", "sid", "jsessionid", "sessionid", "session_id", "sessid", "sess", "cfid", "cftoken", "zenid",
     "oscsid", "s_id"}
)  # fmt: skip
# `;jsessionid=...` path parameters and ASP.NET's cookieless `/(S(...))/` path segments.
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/?#;]*|/\((?:[A-Z]\([^)]*\))+\)(?=/)", re.I)

ASSET_EXTENSIONS = frozenset(
    {
        # images
        "jpg", "jpeg", "png", "gif", "webp", "svg", "svgz", "ico", "bmp", "tif",
        "tiff", "avif", "heic", "heif", "jfif",
        # styles, scripts, source maps
        "css", "js", "mjs", "map",
        # documents
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
        "rtf", "eps", "ps", "epub", "mobi",
        # archives and binaries
        "zip", "gz", "tgz", "rar", "7z", "tar", "bz2", "xz", "exe", "dmg",
        "apk", "msi", "iso", "bin", "deb", "rpm", "jar", "swf",
        # audio and video
        "mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "ogv", "opus", "webm",
        "avi", "mov", "mkv", "flac", "aac", "wmv", "flv", "mpg", "mpeg", "3gp",
        "m3u8",
        # fonts
        "woff", "woff2", "ttf", "otf", "eot",
    }
)  # fmt: skip

# Compressed documents that are still crawlable (gzipped sitemaps and feeds).
_CRAWLABLE_COMPRESSED = (".xml.gz", ".txt.gz", ".rss.gz")


def to_punycode_domain(domain: str) -> str:
    """'bücher.de' -> 'xn--bcher-kva.de'; lower-case, no leading dot, no port.

    Idempotent. A domain that IDNA cannot encode (empty or over-long label)
    is returned lower-cased as it is.
    """
    host = domain.strip().lstrip(".").lower()
    if host.startswith("["):  # IPv6 literal, maybe with a port
        return host[: host.find("]") + 1] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def host_key(url: str) -> str:
    """'https://www.a.org:8443/x' -> 'https://www.a.org:8443': what one budget counts."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}" + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return url


def host_of(url: str) -> str:
    """Lower-case punycode hostname of ``url`` without port; "" when none."""
    try:
        hostname = urlsplit(url.strip()).hostname
    except ValueError:
        return ""
    if not hostname:
        return ""
    if ":" in hostname:  # IPv6 literal: urlsplit already removed brackets
        return hostname.lower()
    return to_punycode_domain(hostname)


def _is_tracking(param: str) -> bool:
    key = unquote_plus(param.split("=", 1)[0]).strip().lower()
    return key.startswith(("utm_", "aspsessionid")) or key in TRACKING_PARAMS or key in SESSION_PARAMS


def _without_tracking(query: str) -> str:
    kept = [p for p in query.split("&") if p and not _is_tracking(p)]
    return "&".join(kept)


def _without_default_port(parts: SplitResult) -> SplitResult:
    try:
        port = parts.port
    except ValueError:
        return parts
    netloc = parts.netloc
    if port is not None and _DEFAULT_PORTS.get(parts.scheme) == port:
        netloc = netloc.rsplit(":", 1)[0]
    elif netloc.endswith(":"):
        netloc = netloc[:-1]
    return parts._replace(netloc=netloc)


def canonicalize_url(url: str) -> str:
    """The URL key for dedup and requests.

    Lower-case scheme and host, punycode host, no default port, no fragment,
    no tracking parameters nor session ids, remaining parameters sorted (blank values kept),
    trailing slash kept as is, empty path -> "/". A URL that cannot be parsed
    (bad port, broken IPv6 literal) comes back stripped and without fragment.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        return raw.split("#", 1)[0]
    parts = parts._replace(
        scheme=parts.scheme.lower(),
        path=_PATH_SESSION.sub("", parts.path),
        query=_without_tracking(parts.query),
        fragment="",
    )
    stripped = urlunsplit(parts)
    try:
        canonical = _w3lib_canonicalize_url(stripped, keep_blank_values=True)
        parts = _without_default_port(urlsplit(canonical))
    except ValueError:
        return stripped
    if parts.scheme in WEB_SCHEMES and not parts.path:
        parts = parts._replace(path="/")
    return urlunsplit(parts)


def is_allowed(url: str, allowed_domains: Sequence[str] | frozenset[str]) -> bool:
    """True for an http(s) URL whose host is an allowed domain or below one.

    Domains are compared in punycode; an empty list allows every http(s) host.
    A frozenset is taken as already punycode and lower-case (the fast path, for
    many domains and many links).
    """
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    host = host_of(url)
    if scheme not in WEB_SCHEMES or not host:
        return False
    if not allowed_domains:
        return True
    if isinstance(allowed_domains, frozenset):
        while host:
            if host in allowed_domains:
                return True
            host = host.partition(".")[2]
        return False
    for domain in allowed_domains:
        allowed = to_punycode_domain(domain)
        if allowed and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def is_probably_asset(url: str) -> bool:
    """True when the path's extension names a non-page (image, css, pdf...)."""
    try:
        path = urlsplit(url.strip()).path.lower()
    except ValueError:
        return False
    if path.endswith(_CRAWLABLE_COMPRESSED):
        return False
    extension = posixpath.splitext(posixpath.basename(path))[1].lstrip(".")
    return extension in ASSET_EXTENSIONS
