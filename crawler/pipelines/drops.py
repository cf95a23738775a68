"""Kept for code that still imports the drop vocabulary from here: it lives in `crawler.drops`."""

from __future__ import annotations

from crawler.drops import Rejected, stat_key

__all__ = ["Rejected", "stat_key"]
