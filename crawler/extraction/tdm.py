"""The publisher's text-and-data-mining opt-out of a page: `(headers, body[, robots]) -> TdmSignal`.

Signals, strongest first (the first one found decides):

1. `tdm-reservation` HTTP header (W3C TDMRep): `1` reserved, `0` not reserved.
2. `<meta name="tdm-reservation" content="1|0">` (W3C TDMRep, HTML form).
3. `X-Robots-Tag` header or `<meta name="robots">` with `noai` or `noimageai`: reserved.
4. robots.txt groups of AI crawlers (GPTBot, CCBot, Google-Extended...): one that
   disallows the URL means reserved; groups naming AI crawlers that all allow it, not
   reserved (see `robots_tdm`, which the robots.txt reader calls).

No signal: `reserved` is None (not known), never False.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protego import Protego

# User-agent tokens of crawlers that collect text for AI training (robots.txt groups).
AI_CRAWLERS = (
    "GPTBot", "ChatGPT-User", "CCBot", "Google-Extended", "anthropic-ai", "ClaudeBot", "Claude-Web",
    "Applebot-Extended", "Bytespider", "PerplexityBot", "cohere-ai", "Meta-ExternalAgent", "Amazonbot",
    "Diffbot", "omgili", "Timpibot", "ImagesiftBot",
)  # fmt: skip
# Only the start of a page is searched for its <meta> tags (they belong in <head>).
HEAD_BYTES = 64 * 1024
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z_:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_HEAD_END = re.compile(rb"</head\s*>", re.I)
_NOAI = re.compile(r"\bno(?:image)?ai\b", re.I)
_AGENT_LINE = re.compile(r"^\s*user-agent\s*:\s*(\S+)", re.I | re.M)


@dataclass(frozen=True)
class TdmSignal:
    """Whether text and data mining is reserved (None: no signal), and the signal that said so."""

    reserved: bool | None = None
    source: str | None = None


def _reservation(value: str | None) -> bool | None:
    """TDMRep's `tdm-reservation` value: "1" reserved, "0" not; anything else says nothing."""
    value = (value or "").strip()
    return {"1": True, "0": False}.get(value)


def meta_tags(body: bytes) -> dict[str, str]:
    """`<meta name=... content=...>` of the page's head, lower-cased names; the first of each name wins."""
    head = body[:HEAD_BYTES]
    end = _HEAD_END.search(head)
    if end:
        head = head[: end.start()]
    found: dict[str, str] = {}
    for tag in _META.findall(head):
        attrs = {k.lower(): v.strip(b"\"'") for k, v in _ATTR.findall(tag)}
        name, content = attrs.get(b"name"), attrs.get(b"content")
        if name is not None and content is not None:
            found.setdefault(name.decode("latin-1").strip().lower(), content.decode("utf-8", "replace"))
    return found


def tdm_signal(headers: dict[str, str], body: bytes, robots: bool | None = None) -> TdmSignal:
    """The page's TDM signal from its headers (lower-cased names), its bytes and the robots.txt verdict."""
    header = _reservation(headers.get("tdm-reservation"))
    if header is not None:
        return TdmSignal(header, "header:tdm-reservation")
    meta = meta_tags(body)
    tag = _reservation(meta.get("tdm-reservation"))
    if tag is not None:
        return TdmSignal(tag, "meta:tdm-reservation")
    if _NOAI.search(headers.get("x-robots-tag", "")):
        return TdmSignal(True, "header:x-robots-tag")
    if _NOAI.search(meta.get("robots", "")):
        return TdmSignal(True, "meta:robots")
    if robots is not None:
        return TdmSignal(robots, "robots.txt")
    return TdmSignal()


class AiRobots:
    """A robots.txt read once for its AI-crawler groups; `reserved(url)` as `robots_tdm` says."""

    def __init__(self, robots_txt: str, agents: tuple[str, ...] = AI_CRAWLERS) -> None:
        named = {m.lower() for m in _AGENT_LINE.findall(robots_txt)}
        self.agents = tuple(a for a in agents if a.lower() in named)
        self._parser = Protego.parse(robots_txt) if self.agents else None

    def reserved(self, url: str) -> bool | None:
        if self._parser is None:
            return None
        return any(not self._parser.can_fetch(url, agent) for agent in self.agents)


def robots_tdm(robots_txt: str, url: str, agents: tuple[str, ...] = AI_CRAWLERS) -> bool | None:
    """From a robots.txt: True if a group naming an AI crawler disallows `url`, False if such groups
    exist and all allow it, None if the file names no AI crawler (it then says nothing about TDM)."""
    return AiRobots(robots_txt, agents).reserved(url)
