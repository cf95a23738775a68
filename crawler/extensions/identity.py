"""The User-Agent names the project and who to contact: built from CRAWLER_CONTACT when USER_AGENT is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

PRODUCT = "topic-news-crawler/0.1"


def user_agent(contact: str) -> str:
    """"topic-news-crawler/0.1 (+CONTACT)", or the product alone without a contact."""
    contact = contact.strip()
    return f"{PRODUCT} (+{contact})" if contact else PRODUCT


class ContactUserAgent:
    """Add-on (ADDONS): sets USER_AGENT from CRAWLER_CONTACT, at USER_AGENT's own priority, unless USER_AGENT is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("USER_AGENT"):
            priority = settings.getpriority("USER_AGENT") or 0
            settings.set("USER_AGENT", user_agent(settings.get("CRAWLER_CONTACT") or ""), priority=priority)
