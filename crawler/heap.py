"""The process's freed heap given back to the system: glibc's `malloc_trim`, where there is one.

CPython and lxml free memory into malloc's heap, which keeps it: a burst (24 sitemaps of 4,000 URLs parsed at
once, trees of large pages) leaves the process's RSS at its peak for the rest of its life. The extraction
workers trim every few pages (`crawler.extraction.pool`), the crawl process every HEAP_TRIM_INTERVAL seconds
(`crawler.extensions.heap`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def heap_trimmer() -> Callable[[int], int] | None:
    """glibc's malloc_trim (its argument: bytes to keep at the heap's top), or None where there is none."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
