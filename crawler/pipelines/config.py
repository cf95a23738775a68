"""Room configs and output paths, built from settings (only adapters call these, in from_crawler)."""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.settings import BaseSettings

from crawler.extraction.extract import ExtractConfig
from crawler.extraction.pagetype import PageTypeConfig
from crawler.extraction.pool import PoolConfig
from crawler.scheduling.revisit import RevisitConfig
from crawler.store.open import StoreConfig


def output_path(settings: BaseSettings, key: str) -> Path:
    """The file named by setting `key`, inside OUTPUT_DIR unless it is absolute."""
    name = Path(settings.get(key))
    return name if name.is_absolute() else Path(settings.get("OUTPUT_DIR", "output")) / name


def store_config(settings: BaseSettings) -> StoreConfig:
    """The state backend's config from settings."""
    return StoreConfig(
        backend=settings.get("STORE_BACKEND", "sqlite"),
        sqlite_path=str(output_path(settings, "STORE_SQLITE_PATH")),
    )


def extract_config(settings: BaseSettings) -> ExtractConfig:
    """The extraction room's config from the EXTRACT_* settings."""
    return ExtractConfig(
        max_bytes=settings.getint("EXTRACT_MAX_BYTES"),
        favor_precision=settings.getbool("EXTRACT_FAVOR_PRECISION"),
        strip_cruft=settings.getbool("EXTRACT_STRIP_CRUFT"),
        page_type=PageTypeConfig(
            enabled=settings.getbool("PAGETYPE_ENABLED", True),
            threshold=settings.getfloat("PAGETYPE_THRESHOLD", 0.0),
        ),
    )


def pool_config(settings: BaseSettings) -> PoolConfig:
    """The extraction pool's config from the EXTRACT_* settings (0 workers: one per CPU)."""
    return PoolConfig(
        workers=settings.getint("EXTRACT_WORKERS") or os.cpu_count() or 1,
        timeout=settings.getfloat("EXTRACT_TIMEOUT"),
        memory_limit=settings.getint("EXTRACT_MEMORY_LIMIT"),
    )


def revisit_config(settings: BaseSettings) -> RevisitConfig:
    """The revisit policy from the FRONTIER_* settings."""
    return RevisitConfig(
        structure_interval=settings.getfloat("FRONTIER_STRUCTURE_INTERVAL"),
        min_interval=settings.getfloat("FRONTIER_MIN_INTERVAL"),
        max_interval=settings.getfloat("FRONTIER_MAX_INTERVAL"),
        article_interval=settings.getfloat("FRONTIER_ARTICLE_INTERVAL"),
    )
