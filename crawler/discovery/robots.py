"""robots.txt by RFC 9309: what a host's answer means, and when to ask again.

- 2xx: the rules, parsed from at most the first 500 KiB (cut at a line end).
- 4xx: no rules, everything allowed ("unavailable" in the RFC's words).
- 5xx, or no answer at all (timeout, refused, reset): everything disallowed
  ("unreachable"); asked again after `retry_after`; after an outage of
  `last_good_after` the last good copy, if any, is used instead. The outage
  and the last good copy may come from earlier runs (`start_host`'s arguments:
  the crawl state keeps them, `crawler.store.robots`).
- A good copy is kept `cache_for` (the RFC: no more than 24 hours).

`Crawl-delay` (not in the RFC, widely used) and `Sitemap:` lines are read from
the same parse. Time is passed in, never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

ALLOW_ALL = "allow_all"
DISALLOW_ALL = "disallow_all"
PARSED = "parsed"
# Scrapy signal (sent by the robots middleware, received by the spider): a host's new `Sitemap:` URLs,
# as handler(sitemaps: list[str], robots_url: str).
ROBOTS_SITEMAPS = object()


@dataclass(frozen=True)
class RobotsConfig:
    """How robots.txt is read and kept; built once from the ROBOTS_* settings."""

    max_bytes: int = 500 * 1024
    retry_after: float = 60.0
    cache_for: float = 24 * 3600.0
    last_good_after: float = 24 * 3600.0
    max_crawl_delay: float = 60.0


@dataclass(frozen=True)
class RobotsRules:
    """One answer's meaning: allow all, disallow all, or the parsed rules."""

    verdict: str  # ALLOW_ALL | DISALLOW_ALL | PARSED
    parser: Protego | None = None
    sitemaps: tuple[str, ...] = ()
    cut: bool = False  # the file was longer than max_bytes and only its start was parsed
    detail: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if self.verdict == PARSED and self.parser is not None:
            return bool(self.parser.can_fetch(url, agent))
        return self.verdict == ALLOW_ALL

    def crawl_delay(self, agent: str, cap: float) -> float:
        """The Crawl-delay for this agent in seconds (0: none), at most `cap`."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(agent)
        return min(float(delay), cap) if delay else 0.0


def cut_robots(body: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """The first `max_bytes` of a robots.txt, cut at the last line end; and whether anything was cut."""
    if len(body) <= max_bytes:
        return body, False
    head = body[:max_bytes]
    end = max(head.rfind(b"\n"), head.rfind(b"\r"))
    return (head[: end + 1] if end >= 0 else b""), True


def rules_from_answer(status: int, body: bytes, config: RobotsConfig) -> RobotsRules:
    """What a robots.txt answer (after redirects) means for its host."""
    if 200 <= status < 300:
        text, cut = cut_robots(body, config.max_bytes)
        parser = Protego.parse(text.decode("utf-8", errors="replace"))
        return RobotsRules(PARSED, parser, tuple(parser.sitemaps), cut)
    if 400 <= status < 500:
        return RobotsRules(ALLOW_ALL, detail=f"HTTP {status}")
    return RobotsRules(DISALLOW_ALL, detail=f"HTTP {status}")


def unreachable(detail: str) -> RobotsRules:
    """No answer (timeout, connection refused or reset): disallow all for now."""
    return RobotsRules(DISALLOW_ALL, detail=detail)


@dataclass
class HostRobots:
    """One host's robots.txt over a run: the current answer, the last good one, since when it is down."""

    rules: RobotsRules
    fetched_at: float
    last_good: RobotsRules | None = None
    down_since: float | None = None
    sitemaps_handed: set[str] = field(default_factory=set)

    def record(self, rules: RobotsRules, now: float) -> None:
        """A new answer: a good one is kept as the last good copy; a failure starts (or continues) an outage."""
        self.rules, self.fetched_at = rules, now
        if rules.verdict == DISALLOW_ALL:
            self.down_since = self.down_since if self.down_since is not None else now
        else:
            self.last_good, self.down_since = rules, None

    def due(self, now: float, config: RobotsConfig) -> bool:
        """Ask again: a failed answer after `retry_after`, a good one after `cache_for`."""
        wait = config.retry_after if self.rules.verdict == DISALLOW_ALL else config.cache_for
        return now - self.fetched_at >= wait

    def effective(self, now: float, config: RobotsConfig) -> RobotsRules:
        """The rules to obey now: during a long outage, the last good copy."""
        if (
            self.rules.verdict == DISALLOW_ALL
            and self.last_good is not None
            and self.down_since is not None
            and now - self.down_since >= config.last_good_after
        ):
            return self.last_good
        return self.rules


def start_host(
    rules: RobotsRules, now: float, last_good: RobotsRules | None = None, down_since: float | None = None
) -> HostRobots:
    """The record of a host's first answer in this run, after what earlier runs knew: its last good copy and
    the start of an outage still going on."""
    host = HostRobots(rules, now, last_good, down_since)
    host.record(rules, now)
    return host
