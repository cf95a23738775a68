"""Checks run before a crawl starts: settings, spider arguments, the profile; a failure is a short usage error.

`refuse_user_errors` turns a `UserError` or `ProfileError` into Scrapy's
`UsageError`, which the `scrapy` command line prints as two lines
(usage, then "scrapy <command>: error: ...") and exit code 2. With
`LOG_LEVEL=DEBUG` (`--loglevel DEBUG`) the traceback is printed first.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from crawler.relevance.profile import ProfileError, load_profile
from crawler.settings_check import check_settings, setting_types
from crawler.user_errors import UserError, did_you_mean, refuse_unknown_arguments


@contextmanager
def refuse_user_errors(settings: BaseSettings) -> Iterator[None]:
    """A UserError or ProfileError inside becomes a UsageError without help text (exit code 2)."""
    try:
        yield
    except (UserError, ProfileError) as exc:
        if str(settings.get("LOG_LEVEL", "")).upper() == "DEBUG":
            traceback.print_exc(file=sys.stderr)
        raise UsageError(str(exc), print_help=False) from None


def check_crawl(settings: BaseSettings, spider_name: str, spider_args: dict[str, Any]) -> None:
    """The settings' types and ranges, the spider's `-a` names (its `arguments`), and the profile it will load."""
    check_settings({name: settings.get(name) for name in setting_types()})
    loader = get_spider_loader(settings)
    if spider_name not in loader.list():
        raise UserError(f"no spider named {spider_name!r}{did_you_mean(spider_name, loader.list())} "
                        f"(spiders: {', '.join(sorted(loader.list()))})")
    spidercls = loader.load(spider_name)
    known: dict[str, str] | None = getattr(spidercls, "arguments", None)
    if known is not None:
        refuse_unknown_arguments(spider_args, known, spider_name)
    if known is not None and "urls" in known and "urls" in spider_args:
        check_urls(spider_args["urls"])
    if known is not None and "profile" in known:
        load_profile(spider_args.get("profile") or settings.get("TOPIC_PROFILE") or None)


def check_urls(value: str) -> None:
    """`-a urls=`: comma-separated absolute http(s) URLs, at least one."""
    urls = [u.strip() for u in value.split(",") if u.strip()]
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad or not urls:
        shown = f"{bad[0]!r} is not" if bad else "nothing given is"
        raise UserError(f"-a urls=: {shown} an http(s) URL (give comma-separated URLs, e.g. -a urls=https://a.example/)")


def spider_arguments_help(settings: BaseSettings) -> str:
    """The `-a` arguments of each of the project's spiders (their `arguments` attribute), for `-h`."""
    loader = get_spider_loader(settings)
    lines = []
    for name in sorted(loader.list()):
        arguments: dict[str, str] = getattr(loader.load(name), "arguments", {})
        if arguments:
            lines.append(f"spider arguments of `{name}` (-a NAME=VALUE):")
            lines += [f"  {arg:<10} {text}" for arg, text in arguments.items()]
    return "\n".join(lines)
